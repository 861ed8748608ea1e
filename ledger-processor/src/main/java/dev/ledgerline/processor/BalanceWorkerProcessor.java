package dev.ledgerline.processor;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.ledgerline.core.TransactionStatus;
import dev.ledgerline.core.Balance;
import dev.ledgerline.core.BalanceDecisions;
import dev.ledgerline.core.Decision;
import dev.ledgerline.core.DestinationCheck;
import dev.ledgerline.core.Entry;
import dev.ledgerline.core.EntryKind;
import dev.ledgerline.core.HoldAction;
import dev.ledgerline.core.HoldSide;
import dev.ledgerline.core.LedgerInvariantViolation;
import dev.ledgerline.core.RejectionReason;
import dev.ledgerline.core.SourceArrival;
import dev.ledgerline.core.TransactionLifecycle;
import dev.ledgerline.core.Transfer;
import dev.ledgerline.core.lineage.AllocationStrategy;
import dev.ledgerline.core.lineage.FundLineage;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.RecordTransaction;
import dev.ledgerline.wire.v1.TransactionCommand;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.TransactionRecords;
import dev.ledgerline.wire.v1.BalanceCommand;
import dev.ledgerline.wire.v1.BalanceState;
import dev.ledgerline.wire.v1.CreditLeg;
import dev.ledgerline.wire.v1.DebitLeg;
import dev.ledgerline.wire.v1.FundShare;
import dev.ledgerline.wire.v1.InflightLeg;
import dev.ledgerline.wire.v1.OpenBalance;
import dev.ledgerline.wire.v1.IdentityBalanceReference;
import dev.ledgerline.wire.v1.LedgerCommand;
import dev.ledgerline.wire.v1.SetBalanceIdentity;
import dev.ledgerline.wire.v1.MergeBalanceMetadata;
import dev.ledgerline.wire.v1.AccountRecord;
import dev.ledgerline.wire.v1.CheckAccountBalance;
import dev.ledgerline.wire.v1.RegisterAccount;
import dev.ledgerline.core.account.AccountDecisions;
import dev.ledgerline.wire.v1.PrepareCredit;
import dev.ledgerline.wire.v1.PutBalanceMonitor;
import dev.ledgerline.wire.v1.RemoveBalanceMonitor;
import dev.ledgerline.wire.v1.Reply;
import dev.ledgerline.wire.v1.StartAtSource;
import dev.ledgerline.wire.v1.TransactionRecord;
import dev.ledgerline.wire.v1.TransactionSpec;
import dev.ledgerline.wire.v1.WatchedMonitor;

/**
 * Keyed by balance id: the single writer of each balance. Loads the balance, lets
 * {@link BalanceDecisions} decide, stores the new state, writes the sealed entries and passes the
 * transfer on to its next leg. Internal commands are decoded fail-fast: a corrupt internal record
 * stops the task rather than risk money. A command carrying a request id is answered on
 * {@code ledger.replies} when its last leg is done (skip_queue, commit/void with skip_queue).
 */
final class BalanceWorkerProcessor implements Processor<String, byte[], String, Object> {

    private static final AvroSerde<BalanceCommand> COMMANDS = AvroSerde.of(BalanceCommand.class);

    private final ProcessorMetrics metrics;
    private Emitter emitter;
    private final Duration sealInterval;
    private KeyValueStore<String, BalanceState> balances;
    private Sealer sealer;
    private final KnownDestinations knownDestinations = new KnownDestinations();
    /** The monitors of the balance being processed, from its own state (empty for almost every balance). */
    private List<WatchedMonitor> monitors = List.of();
    /** The fund lineage of the balance being processed, from its own state; null for a balance that tracks none. */
    private FundLineage lineage;
    /** What the balance being processed has set aside for transfers waiting for their destination's check. */
    private BigInteger reserved;
    /** The stored state of the balance being processed (null when it does not exist). */
    private BalanceState stored;

    BalanceWorkerProcessor(ProcessorMetrics metrics, Duration sealInterval) {
        this.metrics = metrics;
        this.sealInterval = sealInterval;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.emitter = new Emitter(context);
        this.balances = context.getStateStore(StoreNames.BALANCES_STORE);
        this.sealer = new Sealer(context, metrics);
        context.schedule(sealInterval, PunctuationType.WALL_CLOCK_TIME, sealer::seal);
    }

    @Override
    public void close() {
        if (sealer != null) {
            sealer.close();
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        BalanceCommand command = COMMANDS.decode(record.value());
        stored = balances.get(record.key());
        Balance current = WireMapper.balance(stored);
        reserved = stored == null || stored.getReservedDebits() == null ? BigInteger.ZERO
                : new BigInteger(stored.getReservedDebits());
        monitors = WireMapper.monitors(stored);
        lineage = stored == null ? null : FundLineageSteps.lineage(stored.getFundLineage());
        long nowMs = record.timestamp();
        Headers headers = record.headers();
        String requestId = command.getRequestId();
        Object payload = command.getPayload();
        RecordLogContext.transactionOf(payload);
        if (payload instanceof OpenBalance open) {
            openBalance(requestId, open, current, headers);
        } else if (payload instanceof PrepareCredit prepare) {
            prepareCredit(requestId, prepare, current, nowMs, headers);
        } else if (payload instanceof StartAtSource start) {
            startAtSource(requestId, start.getTransaction(), current, nowMs, headers);
        } else if (payload instanceof DebitLeg debit) {
            debitAfterCheck(requestId, debit, current, nowMs, headers);
        } else if (payload instanceof CreditLeg credit) {
            credit(requestId, credit, current, nowMs, headers);
        } else if (payload instanceof InflightLeg leg) {
            settleHold(requestId, leg, current, nowMs, headers);
        } else if (payload instanceof PutBalanceMonitor put) {
            changeMonitor(requestId, put.getMonitor().getMonitorId(), BalanceMonitorChanges.put(stored, put), headers);
        } else if (payload instanceof RemoveBalanceMonitor remove) {
            changeMonitor(requestId, remove.getMonitorId(), BalanceMonitorChanges.remove(stored, remove), headers);
        } else if (payload instanceof SetBalanceIdentity set) {
            setIdentity(requestId, set, current, headers);
        } else if (payload instanceof MergeBalanceMetadata merge) {
            mergeMetaData(requestId, merge, current, headers);
        } else if (payload instanceof CheckAccountBalance check) {
            checkAccountBalance(requestId, check.getAccount(), current, headers);
        } else {
            throw new LedgerInvariantViolation("unknown balance command " + payload.getClass().getName());
        }
    }

    private void openBalance(String requestId, OpenBalance open, Balance current, Headers headers) {
        Decision decision = BalanceDecisions.open(current, WireMapper.openBalance(open));
        if (decision instanceof Decision.Applied applied) {
            if (current == null && open.getAllocationStrategy() != null) {
                lineage = FundLineage.start(AllocationStrategy.valueOf(open.getAllocationStrategy()));
            }
            store(applied, headers);
            if (!open.getIdentityId().isEmpty()) {
                noteIdentity(open.getIdentityId(), open.getBalanceId(), true, headers);
            }
            reply(requestId, () -> Replies.ok(requestId, open.getBalanceId()), headers);
        } else {
            if (!open.getIdentityId().isEmpty() && (current == null || !open.getIdentityId().equals(current.identityId()))) {
                noteIdentity(open.getIdentityId(), open.getBalanceId(), false, headers); // the owner noted it first
            }
            reply(requestId, () -> Replies.rejected(requestId, open.getBalanceId(), ((Decision.Rejected) decision).reason()),
                    headers);
        }
    }

    /**
     * At the destination: its own refusal comes first. A refusal the source decided on arrival is the outcome when
     * the destination passes; a reservation goes back to the source, which spends it or, when the destination
     * refused, frees it and rejects.
     */
    private void prepareCredit(String requestId, PrepareCredit prepare, Balance destination, long nowMs,
                               Headers headers) {
        TransactionSpec spec = prepare.getTransaction();
        Decision decision = BalanceDecisions.prepareCredit(destination, WireMapper.transfer(spec), nowMs);
        if (decision instanceof Decision.Rejected rejected) {
            if (prepare.getReserved()) {
                emitter.emit(LedgerTopology.BALANCE_COMMANDS_SINK, spec.getSourceId(), new BalanceCommand(requestId,
                        new DebitLeg(spec, true, rejected.reason().name())), headers);
            } else {
                reject(requestId, spec, rejected.reason(), nowMs, headers);
            }
            return;
        }
        store((Decision.Applied) decision, headers);
        if (prepare.getSourceRefusal() != null) {
            reject(requestId, spec, RejectionReason.fromName(prepare.getSourceRefusal()), nowMs, headers);
            return;
        }
        emitter.emit(LedgerTopology.BALANCE_COMMANDS_SINK, spec.getSourceId(),
                new BalanceCommand(requestId, new DebitLeg(spec, prepare.getReserved(), null)), headers);
    }

    /** Back at the source after the destination's check: spend or free what was set aside on arrival. */
    private void debitAfterCheck(String requestId, DebitLeg leg, Balance source, long nowMs, Headers headers) {
        TransactionSpec spec = leg.getTransaction();
        if (leg.getReserved()) {
            reserved = SourceArrival.release(reserved, new BigInteger(spec.getPreciseAmount()), spec.getTransactionId());
        }
        if (leg.getDestinationRefusal() != null) {
            if (leg.getReserved()) {
                storeReservation();
            }
            reject(requestId, spec, RejectionReason.fromName(leg.getDestinationRefusal()), nowMs, headers);
            return;
        }
        // The destination passed its check: remember that for the next transfer.
        knownDestinations.passedCheck(spec.getDestinationId(), spec.getCurrency());
        debit(requestId, spec, source, nowMs, headers, leg.getReserved());
    }

    /**
     * A transfer's first leg: debit now when this task has seen the destination pass its check for this currency
     * ({@link DestinationCheck}), saving a hop; otherwise decide funds now, in arrival order ({@link SourceArrival}),
     * and let the destination check first.
     */
    private void startAtSource(String requestId, TransactionSpec spec, Balance source, long nowMs, Headers headers) {
        Transfer transfer = WireMapper.transfer(spec);
        DestinationCheck.Route route = DestinationCheck.route(transfer, knownDestinations.currencyOf(spec.getDestinationId()));
        metrics.firstLeg(route);
        if (route == DestinationCheck.Route.DEBIT_NOW) {
            debit(requestId, spec, source, nowMs, headers, false);
            return;
        }
        SourceArrival.Decision arrival = SourceArrival.decide(source, reserved, transfer);
        if (arrival instanceof SourceArrival.Reserve reserve) {
            reserved = reserved.add(reserve.amount());
            storeReservation();
        }
        String refusal = arrival instanceof SourceArrival.Refuse refuse ? refuse.reason().name() : null;
        emitter.emit(LedgerTopology.BALANCE_COMMANDS_SINK, spec.getDestinationId(), new BalanceCommand(requestId,
                new PrepareCredit(spec, arrival instanceof SourceArrival.Reserve, refusal)), headers);
    }

    /**
     * @param reservedOnArrival the source decided funds when the transfer reached it and has released that
     *                          reservation into {@link #reserved}: the debit applies without a second funds check
     */
    private void debit(String requestId, TransactionSpec spec, Balance source, long nowMs, Headers headers,
                       boolean reservedOnArrival) {
        Transfer transfer = WireMapper.transfer(spec);
        Decision decision = reservedOnArrival ? BalanceDecisions.debitReserved(source, reserved, transfer, nowMs)
                : BalanceDecisions.debit(source, reserved, transfer, nowMs);
        if (decision instanceof Decision.Applied applied) {
            TransactionSpec leg = spec;
            List<FundShare> shares = null;
            if (lineage != null) {
                // a hold only sets the providers' shares aside; a settled debit spends them and hands them on
                FundLineageSteps.Debited debited = FundLineageSteps.holds(spec) ? FundLineageSteps.hold(lineage, spec)
                        : FundLineageSteps.debit(lineage, spec, source.identityId(), nowMs);
                lineage = debited.lineage();
                leg = debited.leg();
                shares = debited.shares();
                debited.releases().forEach(release -> sendDerived(release, headers));
            }
            store(applied, headers);
            // Same Kafka transaction as the debit: the credit leg can be neither lost nor duplicated.
            emitter.emit(LedgerTopology.BALANCE_COMMANDS_SINK, spec.getDestinationId(),
                    new BalanceCommand(requestId, new CreditLeg(leg, shares)), headers);
        } else {
            if (reservedOnArrival) {
                storeReservation();
            }
            reject(requestId, spec, ((Decision.Rejected) decision).reason(), nowMs, headers);
        }
    }

    private void credit(String requestId, CreditLeg leg, Balance destination, long nowMs, Headers headers) {
        TransactionSpec spec = leg.getTransaction();
        Transfer transfer = WireMapper.transfer(spec);
        Decision.Applied applied = (Decision.Applied) BalanceDecisions.credit(destination, transfer, nowMs);
        if (lineage != null && !FundLineageSteps.holds(spec)) {
            // a held credit counts for lineage when it is committed (settleHold)
            creditLineage(FundLineageSteps.credit(lineage, spec, leg.getFundAllocation(), destination.identityId(),
                    nowMs), headers);
        }
        store(applied, headers);
        TransactionStatus status = transfer.inflight() ? TransactionStatus.INFLIGHT : TransactionStatus.APPLIED;
        if (spec.getReserve()) {
            // Only the hold of an atomic group's leg: its public outcome waits for the group's decision.
            emitter.emit(LedgerTopology.TRANSACTION_OUTCOMES_SINK, spec.getTransactionId(),
                    TransactionStates.legOutcome(spec.getTransactionId(), status, null, nowMs, 0, spec.getPreciseAmount()),
                    headers);
            return;
        }
        TransactionRecord outcome = TransactionRecords.outcome(spec, status, null, nowMs);
        emitter.emit(LedgerTopology.TRANSACTIONS_SINK, spec.getTransactionId(), outcome, headers);
        emitter.emit(LedgerTopology.TRANSACTION_OUTCOMES_SINK, spec.getTransactionId(),
                TransactionStates.legOutcome(spec.getTransactionId(), status, null, nowMs, 0, spec.getPreciseAmount()),
                headers);
        reply(requestId, () -> Replies.ok(requestId, spec.getTransactionId(), outcome), headers);
        metrics.outcome(status, spec);
    }

    /** One side of a commit or void; the source goes first and hands over to the destination. */
    private void settleHold(String requestId, InflightLeg leg, Balance balance, long nowMs, Headers headers) {
        TransactionSpec spec = leg.getTransaction();
        boolean commit = "commit".equals(leg.getAction());
        boolean source = "source".equals(leg.getSide());
        BigInteger amount = new BigInteger(leg.getAmount());
        long effectiveAt = spec.getEffectiveDateMs() != null ? spec.getEffectiveDateMs() : spec.getCreatedAtMs();
        Decision.Applied applied = (Decision.Applied) BalanceDecisions.settleHold(balance,
                commit ? HoldAction.COMMIT : HoldAction.VOID, source ? HoldSide.SOURCE : HoldSide.DESTINATION,
                amount, spec.getTransactionId(), nowMs, effectiveAt);
        if (source) {
            InflightLeg destinationSide = new InflightLeg(spec, leg.getAction(), leg.getAmount(), leg.getSequence(),
                    "destination", null);
            if (lineage != null) {
                destinationSide = settleHeldLineage(destinationSide, balance, commit, amount, nowMs, headers);
            }
            store(applied, headers);
            emitter.emit(LedgerTopology.BALANCE_COMMANDS_SINK, spec.getDestinationId(),
                    new BalanceCommand(requestId, destinationSide), headers);
            return;
        }
        if (commit && lineage != null) {
            creditLineage(FundLineageSteps.commitCredit(lineage, spec, leg.getFundAllocation(), amount,
                    leg.getSequence(), balance.identityId(), nowMs), headers);
        }
        store(applied, headers);
        TransactionRecord record = leg.getSequence() == 0
                ? reservationSettled(spec, commit, nowMs)
                : TransactionRecords.action(spec, commit, leg.getSequence(), leg.getAmount(), nowMs);
        TransactionStatus status = TransactionStatus.fromWire(record.getStatus());
        emitter.emit(LedgerTopology.TRANSACTIONS_SINK, spec.getTransactionId(), record, headers);
        emitter.emit(LedgerTopology.TRANSACTION_OUTCOMES_SINK, spec.getTransactionId(),
                TransactionStates.legOutcome(spec.getTransactionId(), status, null, nowMs, leg.getSequence(),
                        leg.getAmount()), headers);
        reply(requestId, () -> Replies.ok(requestId, record.getTransactionId(), record), headers);
        if (leg.getSequence() > 0) {
            metrics.holdSettled(commit);
            metrics.transaction(status, spec.getCurrency());
            return;
        }
        if (!commit) {
            metrics.rejected(RejectionReason.GROUP_ABORTED);
        }
        metrics.outcome(status, spec); // a group leg's first public decision
    }

    /**
     * The source side of a commit or void of a hold on a tracked balance: a commit spends its part of the providers'
     * shares the hold set aside (releases now) and hands them to the destination with the commit, which also shows
     * them in its {@code BLNK_FUND_ALLOCATION}; a void (or expiry, or group abort) gives the shares back.
     */
    private InflightLeg settleHeldLineage(InflightLeg destinationSide, Balance source, boolean commit, BigInteger amount,
                                          long nowMs, Headers headers) {
        TransactionSpec spec = destinationSide.getTransaction();
        if (!commit) {
            lineage = lineage.release(spec.getTransactionId());
            return destinationSide;
        }
        FundLineageSteps.Debited committed = FundLineageSteps.commit(lineage, spec, amount,
                destinationSide.getSequence(), source.identityId(), nowMs);
        lineage = committed.lineage();
        committed.releases().forEach(release -> sendDerived(release, headers));
        return InflightLeg.newBuilder(destinationSide).setTransaction(committed.leg())
                .setFundAllocation(committed.shares()).build();
    }

    /** A credit that moved a tracked balance's lineage: the lineage after it, and its shadow transactions sent. */
    private void creditLineage(FundLineageSteps.Credited credited, Headers headers) {
        if (credited != null) {
            lineage = credited.lineage();
            credited.shadows().forEach(shadow -> sendDerived(shadow, headers));
        }
    }

    /**
     * Sequence 0 settles an atomic group's leg itself (not a client's commit or void): its {@code _q} outcome
     * is APPLIED when the group succeeded, REJECTED when another leg failed and this one's hold was released.
     */
    private static TransactionRecord reservationSettled(TransactionSpec spec, boolean commit, long nowMs) {
        return commit ? TransactionRecords.outcome(spec, TransactionStatus.APPLIED, null, nowMs)
                : TransactionRecords.outcome(spec, TransactionStatus.REJECTED, RejectionReason.GROUP_ABORTED, nowMs);
    }

    private void reject(String requestId, TransactionSpec spec, RejectionReason reason, long nowMs, Headers headers) {
        emitter.emit(LedgerTopology.TRANSACTIONS_SINK, spec.getTransactionId(),
                TransactionRecords.outcome(spec, TransactionStatus.REJECTED, reason, nowMs), headers);
        emitter.emit(LedgerTopology.TRANSACTION_OUTCOMES_SINK, spec.getTransactionId(),
                TransactionStates.legOutcome(spec.getTransactionId(), TransactionStatus.REJECTED, reason, nowMs, 0,
                        spec.getPreciseAmount()), headers);
        reply(requestId, () -> Replies.rejected(requestId, spec.getTransactionId(), reason), headers);
        metrics.rejected(reason);
        metrics.outcome(TransactionStatus.REJECTED, spec);
    }

    /**
     * The balance names another identity (its owner checked the identity and noted this balance first). The
     * identity left behind, and the new one when the balance does not exist, hear it so that their owners know which
     * balances still name them (a deletion is refused while one does).
     */
    private void setIdentity(String requestId, SetBalanceIdentity set, Balance current, Headers headers) {
        Decision decision = BalanceDecisions.setIdentity(current, set.getIdentityId(), set.getAtMs());
        if (decision instanceof Decision.Rejected rejected) {
            noteIdentity(set.getIdentityId(), set.getBalanceId(), false, headers);
            reply(requestId, () -> Replies.rejected(requestId, set.getBalanceId(), rejected.reason()), headers);
            return;
        }
        Decision.Applied applied = (Decision.Applied) decision;
        if (!applied.entries().isEmpty() && !current.identityId().isEmpty()) {
            noteIdentity(current.identityId(), set.getBalanceId(), false, headers);
        }
        store(applied, headers);
        reply(requestId, () -> Replies.ok(requestId, set.getBalanceId()), headers);
    }

    /** {@code POST /{bln_…}/metadata}: merged here, by the balance's one writer, and answered with the result. */
    private void mergeMetaData(String requestId, MergeBalanceMetadata merge, Balance current, Headers headers) {
        String merged = current == null ? null : MetaData.shallowMergeAll(current.metaDataJson(), merge.getMetaDataJson());
        Decision decision = BalanceDecisions.setMetaData(current, merged, merge.getAtMs());
        if (decision instanceof Decision.Rejected rejected) {
            reply(requestId, () -> Replies.rejected(requestId, merge.getBalanceId(), rejected.reason()), headers);
            return;
        }
        store((Decision.Applied) decision, headers);
        reply(requestId, () -> {
            Reply ok = Replies.ok(requestId, merge.getBalanceId());
            ok.setMetaDataJson(merged);
            return ok;
        }, headers);
    }

    /**
     * {@code POST /accounts}: the account takes its ledger, identity and currency from this balance, which must exist
     * and name an identity; the number's owner then decides ({@code RegisterAccount}, keyed by the number). Nothing
     * of the balance changes.
     */
    private void checkAccountBalance(String requestId, AccountRecord account, Balance current, Headers headers) {
        String identityId = current == null ? "" : current.identityId();
        Optional<RejectionReason> refusal = AccountDecisions.checkBalance(current != null, identityId);
        if (refusal.isPresent()) {
            String message = refusal.get() == RejectionReason.ACCOUNT_BALANCE_NOT_FOUND
                    ? "Balance with ID '" + account.getBalanceId() + "' not found" : refusal.get().message();
            reply(requestId, () -> Replies.refused(requestId, account.getAccountId(), refusal.get(), message), headers);
            return;
        }
        AccountRecord filled = AccountRecord.newBuilder(account).setLedgerId(current.ledgerId())
                .setIdentityId(identityId).setCurrency(current.currency()).build();
        emitter.emit(LedgerTopology.LEDGER_COMMANDS_SINK, filled.getNumber(), new LedgerCommand(requestId,
                System.currentTimeMillis(), new RegisterAccount(filled)), headers);
    }

    private void noteIdentity(String identityId, String balanceId, boolean referenced, Headers headers) {
        emitter.emit(LedgerTopology.LEDGER_COMMANDS_SINK, identityId, new LedgerCommand("", System.currentTimeMillis(),
                new IdentityBalanceReference(identityId, balanceId, referenced)), headers);
    }

    /**
     * A shadow transaction of fund lineage: a transaction of its own with a derived reference, owned by the
     * coordinator of its id (as a refund), in the same Kafka transaction as the change of lineage that caused it.
     */
    private void sendDerived(TransactionSpec shadow, Headers headers) {
        emitter.emit(LedgerTopology.TRANSACTION_COMMANDS_SINK, shadow.getTransactionId(),
                new TransactionCommand("", shadow.getCreatedAtMs(), new RecordTransaction(shadow, false)), headers);
    }

    /** A monitor created, replaced or deleted in the balance's state, announced on ledger.balance-monitors. */
    private void changeMonitor(String requestId, String monitorId, BalanceMonitorChanges.Change change,
                               Headers headers) {
        if (change.refusal() != null) {
            reply(requestId, () -> Replies.rejected(requestId, monitorId, change.refusal()), headers);
            return;
        }
        balances.put(change.state().getBalanceId(), change.state());
        monitors = WireMapper.monitors(change.state());
        emitter.emit(LedgerTopology.BALANCE_MONITORS_SINK, monitorId, change.record(), headers);
        reply(requestId, () -> Replies.ok(requestId, monitorId), headers);
    }

    /**
     * Persist the new state and write its entries; a no-change decision writes nothing. A balance with monitors has
     * them evaluated at each entry (alerts go out in the same Kafka transaction as the entries); one without costs
     * nothing more.
     */
    private void store(Decision.Applied applied, Headers headers) {
        if (applied.entries().isEmpty()) {
            return;
        }
        Balance balance = applied.balance();
        if (!monitors.isEmpty()) {
            monitors = BalanceMonitorAlerts.evaluate(monitors, applied.entries(), alert -> emitter.emit(
                    LedgerTopology.BALANCE_ALERTS_SINK, balance.balanceId(), alert, headers));
        }
        BalanceState state = WireMapper.balanceState(balance, monitors);
        state.setFundLineage(FundLineageSteps.state(lineage));
        state.setReservedDebits(reservedText());
        balances.put(balance.balanceId(), state);
        stored = state;
        for (Entry entry : applied.entries()) {
            if (entry.kind() == EntryKind.OPEN) {
                metrics.balanceCreated();
            }
            BalanceEntry wire = WireMapper.entry(entry);
            wire.setAllocationStrategy(lineage == null ? null : lineage.strategy().name());
            emitter.emit(LedgerTopology.ENTRIES_SINK, entry.balanceId(), wire, headers);
            sealer.written(entry);
        }
    }

    /** A change of {@link #reserved} alone: no entry, nothing public, only the balance's own state. */
    private void storeReservation() {
        stored.setReservedDebits(reservedText());
        balances.put(stored.getBalanceId(), stored);
    }

    private String reservedText() {
        return reserved.signum() == 0 ? null : reserved.toString();
    }

    /** Answers a waiting gateway, or the group that sent this leg its action (ReplyRoute). */
    private void reply(String requestId, Supplier<Reply> reply, Headers headers) {
        ReplyRoute.send(emitter, requestId, reply, headers);
    }
}
