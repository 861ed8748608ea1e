package dev.ledgerline.core.account;

/**
 * Blnk's name of an account created without one: the identity's organization name when it is an organization,
 * otherwise {@code "<first name> <last name>"} (as shown: a tokenized part shows its token).
 */
public final class AccountNames {

    private AccountNames() {
    }

    public static String of(String identityType, String organizationName, String firstName, String lastName) {
        if ("organization".equals(identityType)) {
            return organizationName;
        }
        return firstName + " " + lastName;
    }
}
