package dev.ledgerline.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The state-transition function of one balance. Every method is pure and deterministic: the
 * current state (null when the balance does not exist), the command and the time come in; a
 * {@link Decision} goes out. Nothing reads a clock or a random source.
 *
 * <p>A transfer is decided in three steps, each at the single writer of one balance (DESIGN.md
 * section 4): {@link #prepareCredit} at the destination (exists, currency), then {@link #debit}
 * at the source (funds, overdraft), then {@link #credit} at the destination, which cannot fail.
 */
public final class BalanceDecisions {

    private BalanceDecisions() {
    }

    /** Create a balance, unless one with this id already exists. */
    public static Decision open(Balance existing, OpenBalance command) {
        if (existing != null) {
            return new Decision.Rejected(RejectionReason.BALANCE_ALREADY_EXISTS);
        }
        Entry opened = openingEntry(command);
        return new Decision.Applied(stateAfterOpening(command, opened.hash()), List.of(opened));
    }

    /** At the destination, before any money moves: it must exist (or be an indicator to create) and hold the currency. */
    public static Decision prepareCredit(Balance destination, Transfer transfer, long nowMs) {
        // AMOUNT_MUST_BE_POSITIVE precedes the destination checks (RejectionReason order), and a
        // transfer that can never apply must not auto-create an @indicator destination.
        if (transfer.amount().signum() <= 0) {
            return new Decision.Rejected(RejectionReason.AMOUNT_MUST_BE_POSITIVE);
        }
        if (transfer.sourceId().equals(transfer.destinationId())) {
            return new Decision.Rejected(RejectionReason.SOURCE_EQUALS_DESTINATION);
        }
        if (destination == null) {
            if (transfer.destinationIndicator() == null) {
                return new Decision.Rejected(RejectionReason.DESTINATION_NOT_FOUND);
            }
            return open(null, indicatorBalance(transfer.destinationId(), transfer.destinationIndicator(),
                    transfer.currency(), nowMs));
        }
        if (!destination.currency().equals(transfer.currency())) {
            return new Decision.Rejected(RejectionReason.DESTINATION_CURRENCY_MISMATCH);
        }
        return new Decision.Applied(destination, List.of());
    }

    /** At the source: check currency and funds, then debit. An unknown {@code @indicator} source is created first. */
    public static Decision debit(Balance source, Transfer transfer, long nowMs) {
        if (transfer.amount().signum() <= 0) {
            return new Decision.Rejected(RejectionReason.AMOUNT_MUST_BE_POSITIVE);
        }
        List<Entry> entries = new ArrayList<>(2);
        Balance current = source;
        if (current == null) {
            if (transfer.sourceIndicator() == null) {
                return new Decision.Rejected(RejectionReason.SOURCE_NOT_FOUND);
            }
            Decision.Applied opened = (Decision.Applied) open(null, indicatorBalance(transfer.sourceId(),
                    transfer.sourceIndicator(), transfer.currency(), nowMs));
            current = opened.balance();
            entries.addAll(opened.entries());
        }
        if (!current.currency().equals(transfer.currency())) {
            return new Decision.Rejected(RejectionReason.SOURCE_CURRENCY_MISMATCH);
        }
        RejectionReason fundsProblem = fundsProblem(current, transfer);
        if (fundsProblem != null) {
            return new Decision.Rejected(fundsProblem);
        }
        Balance after = current.withSettled(current.creditBalance(), current.debitBalance().add(transfer.amount()),
                current.version() + 1, current.headHash());
        Entry debited = Entry.seal(after, EntryKind.DEBIT, transfer.transactionId(), transfer.amount(), nowMs,
                transfer.effectiveAtMs(), current.headHash());
        after = after.withSettled(after.creditBalance(), after.debitBalance(), after.version(), debited.hash());
        Invariants.checkEntryFollows(current, debited);
        Invariants.checkNoOverdraft(after, transfer);
        Invariants.checkBalance(after);
        entries.add(debited);
        return new Decision.Applied(after, entries);
    }

    /** At the destination, after the debit: always applies. A missing destination here is a bug, not a rejection. */
    public static Decision credit(Balance destination, Transfer transfer, long nowMs) {
        if (destination == null) {
            throw new LedgerInvariantViolation("credit leg of " + transfer.transactionId()
                    + " reached a missing destination " + transfer.destinationId());
        }
        if (!destination.currency().equals(transfer.currency())) {
            throw new LedgerInvariantViolation("credit leg of " + transfer.transactionId()
                    + " has currency " + transfer.currency() + " but destination holds " + destination.currency());
        }
        Balance after = destination.withSettled(destination.creditBalance().add(transfer.amount()),
                destination.debitBalance(), destination.version() + 1, destination.headHash());
        Entry credited = Entry.seal(after, EntryKind.CREDIT, transfer.transactionId(), transfer.amount(), nowMs,
                transfer.effectiveAtMs(), destination.headHash());
        after = after.withSettled(after.creditBalance(), after.debitBalance(), after.version(), credited.hash());
        Invariants.checkEntryFollows(destination, credited);
        Invariants.checkBalance(after);
        return new Decision.Applied(after, List.of(credited));
    }

    /**
     * Blnk's sufficiency rule, source side only: spending up to {@code available} is always fine;
     * {@code allow_overdraft} without a limit skips the check; a positive {@code overdraft_limit}
     * allows going down to {@code -limit} (even without {@code allow_overdraft}, as Blnk does).
     */
    static RejectionReason fundsProblem(Balance source, Transfer transfer) {
        BigInteger available = source.available();
        boolean unlimited = transfer.allowOverdraft() && transfer.overdraftLimit().signum() == 0;
        if (unlimited || available.compareTo(transfer.amount()) >= 0) {
            return null;
        }
        if (transfer.overdraftLimit().signum() > 0) {
            BigInteger after = available.subtract(transfer.amount());
            return after.compareTo(transfer.overdraftLimit().negate()) >= 0 ? null : RejectionReason.OVERDRAFT_LIMIT_EXCEEDED;
        }
        return RejectionReason.INSUFFICIENT_FUNDS;
    }

    private static OpenBalance indicatorBalance(String balanceId, String indicator, String currency, long nowMs) {
        return new OpenBalance(balanceId, Ids.GENERAL_LEDGER_ID, currency, indicator, "", "{}", nowMs);
    }

    private static Entry openingEntry(OpenBalance command) {
        Balance zero = stateAfterOpening(command, Canonical.GENESIS_HASH);
        return Entry.seal(zero, EntryKind.OPEN, null, BigInteger.ZERO, command.createdAtMs(), command.createdAtMs(),
                Canonical.GENESIS_HASH);
    }

    private static Balance stateAfterOpening(OpenBalance command, String headHash) {
        return new Balance(command.balanceId(), command.ledgerId(), command.currency(), command.indicator(),
                command.identityId(), BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO,
                0, headHash, command.createdAtMs(), command.metaDataJson());
    }
}
