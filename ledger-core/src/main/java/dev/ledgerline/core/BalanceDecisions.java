package dev.ledgerline.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The state-transition function of one balance. Every method is pure and deterministic: the
 * current state (null when the balance does not exist), the command and the time come in; a
 * {@link Decision} goes out. Nothing reads a clock or a random source.
 *
 * <p>A transfer is decided in three steps, each at the single writer of one balance (DESIGN.md
 * section 4): {@link #prepareCredit} at the destination (exists, currency), then {@link #debit}
 * at the source (funds, overdraft), then {@link #credit} at the destination, which cannot fail.
 * When the destination is checked first, the source decides funds before the check, in arrival
 * order, and sets the amount aside ({@link SourceArrival}); {@link #debitReserved} spends it.
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
        return debit(source, BigInteger.ZERO, transfer, nowMs);
    }

    /**
     * {@link #debit(Balance, Transfer, long)} at a source that has set {@code reserved} aside for transfers that reached
     * it earlier ({@link SourceArrival}): those count as spent.
     */
    public static Decision debit(Balance source, BigInteger reserved, Transfer transfer, long nowMs) {
        return debit(source, reserved, transfer, nowMs, false);
    }

    /**
     * The debit of a transfer whose funds the source decided and set aside when it arrived ({@link SourceArrival}):
     * its reservation has been released ({@code reserved} is what others still hold) and it applies without a second
     * funds check, since everything decided since then counted it as spent.
     */
    public static Decision debitReserved(Balance source, BigInteger reserved, Transfer transfer, long nowMs) {
        if (source == null) {
            throw new LedgerInvariantViolation("reserved debit of " + transfer.transactionId()
                    + " reached a missing source " + transfer.sourceId());
        }
        return debit(source, reserved, transfer, nowMs, true);
    }

    private static Decision debit(Balance source, BigInteger reserved, Transfer transfer, long nowMs,
                                  boolean fundsDecided) {
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
        RejectionReason refusal = fundsDecided ? currencyRefusal(current, transfer)
                : spendingRefusal(current, reserved, transfer);
        if (refusal != null) {
            return new Decision.Rejected(refusal);
        }
        BigInteger amount = transfer.amount();
        Balance changed = transfer.inflight()
                ? current.with(current.creditBalance(), current.debitBalance(), current.inflightCreditBalance(),
                        current.inflightDebitBalance().add(amount), current.version() + 1, current.headHash())
                : current.withSettled(current.creditBalance(), current.debitBalance().add(amount),
                        current.version() + 1, current.headHash());
        EntryKind kind = transfer.inflight() ? EntryKind.INFLIGHT_DEBIT : EntryKind.DEBIT;
        Entry debited = Entry.seal(changed, kind, transfer.transactionId(), amount, nowMs, transfer.effectiveAtMs(),
                current.headHash());
        Balance after = changed.withHeadHash(debited.hash());
        Invariants.checkEntryFollows(current, debited);
        if (!fundsDecided) {
            Invariants.checkNoOverdraft(after, reserved, transfer);
        }
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
        BigInteger amount = transfer.amount();
        Balance changed = transfer.inflight()
                ? destination.with(destination.creditBalance(), destination.debitBalance(),
                        destination.inflightCreditBalance().add(amount), destination.inflightDebitBalance(),
                        destination.version() + 1, destination.headHash())
                : destination.withSettled(destination.creditBalance().add(amount), destination.debitBalance(),
                        destination.version() + 1, destination.headHash());
        EntryKind kind = transfer.inflight() ? EntryKind.INFLIGHT_CREDIT : EntryKind.CREDIT;
        Entry credited = Entry.seal(changed, kind, transfer.transactionId(), amount, nowMs, transfer.effectiveAtMs(),
                destination.headHash());
        Balance after = changed.withHeadHash(credited.hash());
        Invariants.checkEntryFollows(destination, credited);
        Invariants.checkBalance(after);
        return new Decision.Applied(after, List.of(credited));
    }

    /**
     * Settle ({@link HoldAction#COMMIT}) or release ({@link HoldAction#VOID}) {@code amount} of a hold on one
     * side of an inflight transaction. The coordinator has already checked the action against the transaction,
     * and the hold guarantees the inflight pool covers it, so this cannot be refused: a shortfall is a bug.
     */
    public static Decision settleHold(Balance balance, HoldAction action, HoldSide side, BigInteger amount,
                                      String transactionId, long nowMs, long effectiveAtMs) {
        if (balance == null) {
            throw new LedgerInvariantViolation(action + " of " + transactionId + " reached a missing balance");
        }
        if (amount.signum() <= 0) {
            throw new LedgerInvariantViolation(action + " of " + transactionId + " with non-positive amount " + amount);
        }
        BigInteger pool = side == HoldSide.SOURCE ? balance.inflightDebitBalance() : balance.inflightCreditBalance();
        if (pool.compareTo(amount) < 0) {
            throw new LedgerInvariantViolation(action + " of " + amount + " on " + balance.balanceId()
                    + " exceeds its inflight pool " + pool);
        }
        BigInteger credit = balance.creditBalance();
        BigInteger debit = balance.debitBalance();
        BigInteger inflightCredit = balance.inflightCreditBalance();
        BigInteger inflightDebit = balance.inflightDebitBalance();
        boolean commit = action == HoldAction.COMMIT;
        if (side == HoldSide.SOURCE) {
            inflightDebit = inflightDebit.subtract(amount);
            debit = commit ? debit.add(amount) : debit;
        } else {
            inflightCredit = inflightCredit.subtract(amount);
            credit = commit ? credit.add(amount) : credit;
        }
        EntryKind kind = side == HoldSide.SOURCE
                ? (commit ? EntryKind.COMMIT_DEBIT : EntryKind.VOID_DEBIT)
                : (commit ? EntryKind.COMMIT_CREDIT : EntryKind.VOID_CREDIT);
        Balance changed = balance.with(credit, debit, inflightCredit, inflightDebit, balance.version() + 1,
                balance.headHash());
        Entry entry = Entry.seal(changed, kind, transactionId, amount, nowMs, effectiveAtMs, balance.headHash());
        Balance after = changed.withHeadHash(entry.hash());
        Invariants.checkEntryFollows(balance, entry);
        Invariants.checkBalance(after);
        return new Decision.Applied(after, List.of(entry));
    }

    /**
     * What an existing source refuses of a transfer, in order: another currency, then funds ({@link #fundsProblem});
     * null when it may pay. {@link #debit} and {@link SourceArrival} decide with the same rule.
     */
    static RejectionReason spendingRefusal(Balance source, BigInteger reserved, Transfer transfer) {
        RejectionReason currency = currencyRefusal(source, transfer);
        return currency != null ? currency : fundsProblem(source, reserved, transfer);
    }

    private static RejectionReason currencyRefusal(Balance source, Transfer transfer) {
        return source.currency().equals(transfer.currency()) ? null : RejectionReason.SOURCE_CURRENCY_MISMATCH;
    }

    /**
     * Blnk's sufficiency rule, source side only: spending up to {@code available} is always fine;
     * {@code allow_overdraft} without a limit skips the check; a positive {@code overdraft_limit}
     * allows going down to {@code -limit} (even without {@code allow_overdraft}, as Blnk does). What is
     * {@code reserved} for transfers decided earlier ({@link SourceArrival}) is not available.
     */
    static RejectionReason fundsProblem(Balance source, BigInteger reserved, Transfer transfer) {
        BigInteger available = source.available().subtract(reserved);
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

    /**
     * {@code PUT /balances/{id}/identity}: the balance names {@code identityId} from now on, recorded as an
     * {@link EntryKind#IDENTITY} entry (amount 0, every counter unchanged) so that the chain, the read model and a
     * replay see the change like any other. Naming the identity it already names writes nothing. The identity's owner
     * checked that the identity exists.
     */
    public static Decision setIdentity(Balance balance, String identityId, long nowMs) {
        if (balance == null) {
            return new Decision.Rejected(RejectionReason.BALANCE_NOT_FOUND);
        }
        if (identityId.equals(balance.identityId())) {
            return new Decision.Applied(balance, List.of());
        }
        Balance changed = new Balance(balance.balanceId(), balance.ledgerId(), balance.currency(), balance.indicator(),
                identityId, balance.creditBalance(), balance.debitBalance(), balance.inflightCreditBalance(),
                balance.inflightDebitBalance(), balance.version() + 1, balance.headHash(), balance.createdAtMs(),
                balance.metaDataJson());
        Entry entry = Entry.seal(changed, EntryKind.IDENTITY, null, BigInteger.ZERO, nowMs, nowMs, balance.headHash());
        Balance after = changed.withHeadHash(entry.hash());
        Invariants.checkEntryFollows(balance, entry);
        Invariants.checkBalance(after);
        return new Decision.Applied(after, List.of(entry));
    }

    /**
     * {@code POST /{id}/metadata} on a balance: its {@code meta_data} is {@code mergedJson} from now on (the owner
     * merged the patch), recorded as an {@link EntryKind#METADATA} entry (amount 0, every counter unchanged) so that
     * the chain, the read model and a replay see it. An unchanged object writes nothing; one larger than the bound on
 * any request's {@code meta_data} is refused.
     */
    public static Decision setMetaData(Balance balance, String mergedJson, long nowMs) {
        if (balance == null) {
            return new Decision.Rejected(RejectionReason.BALANCE_NOT_FOUND);
        }
        if (mergedJson.equals(balance.metaDataJson())) {
            return new Decision.Applied(balance, List.of());
        }
        Optional<RejectionReason> tooLarge = MergedMetaData.sizeRejection(mergedJson);
        if (tooLarge.isPresent()) {
            return new Decision.Rejected(tooLarge.get());
        }
        Balance changed = new Balance(balance.balanceId(), balance.ledgerId(), balance.currency(), balance.indicator(),
                balance.identityId(), balance.creditBalance(), balance.debitBalance(), balance.inflightCreditBalance(),
                balance.inflightDebitBalance(), balance.version() + 1, balance.headHash(), balance.createdAtMs(),
                mergedJson);
        Entry entry = Entry.seal(changed, EntryKind.METADATA, null, BigInteger.ZERO, nowMs, nowMs, balance.headHash());
        Balance after = changed.withHeadHash(entry.hash());
        Invariants.checkEntryFollows(balance, entry);
        Invariants.checkBalance(after);
        return new Decision.Applied(after, List.of(entry));
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
