package dev.ledgerline.core.account;

import java.util.random.RandomGenerator;

/**
 * The bank details of an account created without them, and of {@code GET /mocked-account}: Blnk's mocked bank and a
 * random 12-digit number (Blnk's {@code gofakeit.AchAccount()} draws twelve digits too). The caller passes the random
 * source (a {@code SecureRandom} in the gateway), so this stays deterministic under test.
 */
public final class AccountNumbers {

    /** The bank name of Blnk's mocked account generator. */
    public static final String MOCKED_BANK_NAME = "Blnk Bank";
    static final int DIGITS = 12;

    private AccountNumbers() {
    }

    public static String random(RandomGenerator random) {
        StringBuilder number = new StringBuilder(DIGITS);
        for (int i = 0; i < DIGITS; i++) {
            number.append((char) ('0' + random.nextInt(10)));
        }
        return number.toString();
    }
}
