package dev.ledgerline.core.account;

import java.util.Optional;

import dev.ledgerline.core.RejectionReason;

/**
 * The two decisions of an account's creation, each taken by the one owner that holds the facts: the balance's worker
 * (does the balance exist, and does it name an identity, which every Blnk account needs) and the owner of the account
 * number (is the number free).
 */
public final class AccountDecisions {

    private AccountDecisions() {
    }

    /** At the balance's worker: {@code identityId} is the balance's, empty when it names none. */
    public static Optional<RejectionReason> checkBalance(boolean balanceExists, String identityId) {
        if (!balanceExists) {
            return Optional.of(RejectionReason.ACCOUNT_BALANCE_NOT_FOUND);
        }
        if (identityId == null || identityId.isEmpty()) {
            return Optional.of(RejectionReason.ACCOUNT_IDENTITY_NOT_FOUND);
        }
        return Optional.empty();
    }

    /** What the number's owner does with a request to register {@code accountId} under a number. */
    public enum Registration { REGISTER, ALREADY_REGISTERED, NUMBER_TAKEN }

    /** {@code holder}: the account that already has the number, or null when it is free. */
    public static Registration register(String holder, String accountId) {
        if (holder == null) {
            return Registration.REGISTER;
        }
        return holder.equals(accountId) ? Registration.ALREADY_REGISTERED : Registration.NUMBER_TAKEN;
    }
}
