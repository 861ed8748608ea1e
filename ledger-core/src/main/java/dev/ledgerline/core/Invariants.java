package dev.ledgerline.core;

import java.math.BigInteger;
import java.util.regex.Pattern;

/** Always-on checks of the ledger's invariants. Each throws {@link LedgerInvariantViolation}. */
public final class Invariants {

    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

    private Invariants() {
    }

    /** Components are non-negative, the version is non-negative and the head hash is a SHA-256. */
    public static void checkBalance(Balance balance) {
        require(balance.creditBalance().signum() >= 0, balance, "credit_balance is negative");
        require(balance.debitBalance().signum() >= 0, balance, "debit_balance is negative");
        require(balance.inflightCreditBalance().signum() >= 0, balance, "inflight_credit_balance is negative");
        require(balance.inflightDebitBalance().signum() >= 0, balance, "inflight_debit_balance is negative");
        require(balance.version() >= 0, balance, "version is negative");
        require(HEX_SHA256.matcher(balance.headHash()).matches(), balance, "head hash is not a SHA-256 hex string");
    }

    /** {@code entry} continues the chain of {@code before} (null before the first entry) and is sealed correctly. */
    public static void checkEntryFollows(Balance before, Entry entry) {
        long expectedVersion = before == null ? 0 : before.version() + 1;
        String expectedPrev = before == null ? Canonical.GENESIS_HASH : before.headHash();
        if (entry.version() != expectedVersion) {
            throw new LedgerInvariantViolation("entry " + entry.balanceId() + " has version " + entry.version()
                    + ", expected " + expectedVersion);
        }
        if (!entry.prevHash().equals(expectedPrev)) {
            throw new LedgerInvariantViolation("entry " + entry.balanceId() + "@" + entry.version()
                    + " does not link to the chain head");
        }
        if (!entry.hash().equals(entry.expectedHash())) {
            throw new LedgerInvariantViolation("entry " + entry.balanceId() + "@" + entry.version() + " is not sealed");
        }
        if (!entry.balance().equals(entry.creditBalance().subtract(entry.debitBalance()))) {
            throw new LedgerInvariantViolation("entry " + entry.balanceId() + "@" + entry.version()
                    + " balance != credit - debit");
        }
    }

    /** After a debit, the source may not be below zero available, or below {@code -overdraft_limit} when one is set. */
    public static void checkNoOverdraft(Balance after, Transfer transfer) {
        checkNoOverdraft(after, BigInteger.ZERO, transfer);
    }

    /** As {@link #checkNoOverdraft(Balance, Transfer)}, with {@code reserved} set aside for earlier transfers. */
    public static void checkNoOverdraft(Balance after, BigInteger reserved, Transfer transfer) {
        if (transfer.allowOverdraft() && transfer.overdraftLimit().signum() == 0) {
            return;
        }
        // Same rule as BalanceDecisions.fundsProblem: only a positive limit lowers the floor below zero.
        BigInteger floor = transfer.overdraftLimit().signum() > 0 ? transfer.overdraftLimit().negate() : BigInteger.ZERO;
        BigInteger spendable = after.available().subtract(reserved);
        if (spendable.compareTo(floor) < 0) {
            throw new LedgerInvariantViolation("balance " + after.balanceId() + " overdrawn to " + spendable
                    + " (reservations counted) beyond limit " + transfer.overdraftLimit());
        }
    }

    private static void require(boolean condition, Balance balance, String what) {
        if (!condition) {
            throw new LedgerInvariantViolation("balance " + balance.balanceId() + ": " + what);
        }
    }
}
