package dev.ledgerline.processor;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.ledgerline.core.BatchOutcome;
import dev.ledgerline.core.TransactionStatus;
import dev.ledgerline.core.CoordinatorDecisions.GroupVerdict;
import dev.ledgerline.core.GroupActionProgress;
import dev.ledgerline.core.GroupProgress;
import dev.ledgerline.core.LedgerInvariantViolation;
import dev.ledgerline.core.RejectionReason;
import dev.ledgerline.core.TransactionLifecycle;
import dev.ledgerline.schemas.TransactionGroups;
import dev.ledgerline.wire.v1.BatchOutcomeRecord;
import dev.ledgerline.wire.v1.GroupActionResult;
import dev.ledgerline.wire.v1.GroupActionState;
import dev.ledgerline.wire.v1.GroupDecision;
import dev.ledgerline.wire.v1.GroupLegResult;
import dev.ledgerline.wire.v1.GroupState;
import dev.ledgerline.wire.v1.RecordTransaction;
import dev.ledgerline.wire.v1.Reply;
import dev.ledgerline.wire.v1.StartGroup;
import dev.ledgerline.wire.v1.TransactionCommand;
import dev.ledgerline.wire.v1.TransactionSpec;
import dev.ledgerline.wire.v1.TransactionState;

/**
 * The coordinator's part for splits and bulk batches, keyed by the group id. A group arrives as ONE
 * {@link StartGroup} record (durable all-or-nothing), is fanned out as one {@code RecordTransaction}
 * per leg keyed by the leg's own id (so each leg's reference is deduplicated by its own owner), and
 * then hears each leg's result. {@link GroupProgress} decides; decisions go back to each leg's
 * coordinator as {@link GroupDecision} commands. Runs inside {@link TransactionCoordinatorProcessor}'s
 * task, so a group and a single transaction with the same id share one owner.
 */
final class GroupCoordinator {

    /** A leg's report (wire {@code GroupLegResult.status}) that its hold is in place; the others are statuses. */
    static final String HELD = "HELD";

    private final Emitter emitter;
    private final ProcessorMetrics metrics;
    private final KeyValueStore<String, GroupState> groups;
    private final KeyValueStore<String, String> groupLegs;
    private final KeyValueStore<String, GroupActionState> groupActions;
    private final KeyValueStore<String, TransactionState> transactions;

    GroupCoordinator(Emitter emitter, ProcessorMetrics metrics, KeyValueStore<String, GroupState> groups,
                     KeyValueStore<String, String> groupLegs, KeyValueStore<String, GroupActionState> groupActions,
                     KeyValueStore<String, TransactionState> transactions) {
        this.emitter = emitter;
        this.metrics = metrics;
        this.groups = groups;
        this.groupLegs = groupLegs;
        this.groupActions = groupActions;
        this.transactions = transactions;
    }

    boolean exists(String id) {
        return groups.get(id) != null;
    }

    /**
     * Stores the group and sends out its legs. Returns the refusal when the group cannot start (its id is taken, or
     * it is malformed); the caller reports it.
     */
    RejectionReason start(String requestId, StartGroup group, long acceptedAtMs, Headers headers) {
        String groupId = group.getGroupId();
        if (groups.get(groupId) != null || transactions.get(groupId) != null) {
            return RejectionReason.DUPLICATE_REFERENCE;
        }
        List<TransactionSpec> legs = group.getLegs();
        if (legs.isEmpty() || !legs.stream().allMatch(leg -> legOf(groupId, group.getAtomic(), leg))) {
            return RejectionReason.MALFORMED_COMMAND;
        }
        GroupProgress.State progress = GroupProgress.State.open(legs.size(), group.getAtomic());
        groups.put(groupId, store(GroupState.newBuilder().setGroupId(groupId).setKind(group.getKind())
                .setReference(group.getReference()).setAtomic(group.getAtomic()).setSkipQueue(group.getSkipQueue())
                .setRequestId(group.getSkipQueue() ? requestId : null).setSize(legs.size()).setOutcome("OPEN")
                .setCreatedAtMs(group.getCreatedAtMs()).setInflight(legs.stream().allMatch(TransactionSpec::getInflight)),
                progress).build());
        groupLegs.put(groupId, String.join(",", legs.stream().map(TransactionSpec::getTransactionId).toList()));
        metrics.batchSize(group.getKind(), legs.size());
        for (TransactionSpec leg : legs) {
            emitter.emit(LedgerTopology.TRANSACTION_COMMANDS_SINK, leg.getTransactionId(),
                    new TransactionCommand(groupId + "#" + leg.getLegIndex(), acceptedAtMs,
                            new RecordTransaction(leg, leg.getSkipQueue())), headers);
        }
        return null;
    }

    /** A leg reported; decide with {@link GroupProgress} and act. */
    void legResult(GroupLegResult result, Headers headers) {
        GroupState state = groups.get(result.getGroupId());
        if (state == null) {
            throw new LedgerInvariantViolation("a leg result for unknown group " + result.getGroupId());
        }
        GroupProgress.LegResult leg = HELD.equals(result.getStatus()) ? GroupProgress.LegResult.HELD
                : TransactionStatus.REJECTED.name().equals(result.getStatus()) ? GroupProgress.LegResult.REJECTED
                : GroupProgress.LegResult.FINISHED;
        RejectionReason reason = result.getRejectionCode() == null ? null
                : RejectionReason.fromName(result.getRejectionCode());
        GroupProgress.Next next = GroupProgress.report(progress(state), result.getLegIndex(), leg, reason);
        GroupState updated = store(GroupState.newBuilder(state), next.state()).build();
        groups.put(state.getGroupId(), updated);
        switch (next.step()) {
            case SETTLE_ALL -> {
                decideAll(updated, GroupVerdict.SETTLE, null, headers);
                reply(updated, headers);
            }
            case ABORT_ALL -> {
                decideAll(updated, GroupVerdict.ABORT, RejectionReason.GROUP_ABORTED, headers);
                reply(updated, headers);
            }
            case ABORT_THIS -> decide(updated.getGroupId(), result.getTransactionId(), GroupVerdict.ABORT,
                    RejectionReason.GROUP_ABORTED,
                    headers);
            case COMPLETE -> reply(updated, headers);
            case WAIT, IGNORE -> {
            }
        }
        announce(updated, next, headers);
    }

    /** A bulk batch whose last item was just decided says so on the public {@code ledger.batch-outcomes}. */
    private void announce(GroupState group, GroupProgress.Next next, Headers headers) {
        boolean bulk = TransactionGroups.BULK.equals(group.getKind());
        BatchOutcome.after(next.step(), next.state(), bulk, group.getInflight()).ifPresent(outcome ->
                emitter.emit(LedgerTopology.BATCH_OUTCOMES_SINK, group.getGroupId(), BatchOutcomeRecord.newBuilder()
                        .setBatchId(group.getGroupId())
                        .setStatus(outcome.status().name())
                        .setAtomic(group.getAtomic())
                        .setTransactionCount(outcome.transactionCount())
                        .setRejectedItem(next.state().firstRejectedLeg())
                        .setRejectionCode(next.state().firstRejected() == null ? null : next.state().firstRejected().name())
                        .setError(outcome.error())
                        .setDecidedAtMs(System.currentTimeMillis())
                        .build(), headers));
    }

    // --- commit, void and refund by the group's id ---------------------------------------------------

    /**
     * Sends a commit, void or refund to every leg of group {@code groupId}, in leg order, each keyed by the leg's id
     * and carrying a request id routed back here ({@link ReplyRoute}); all in the one transaction of this record, so
     * either every leg gets the action or none does. The gateway's request {@code requestId} is answered by
     * {@link #actionAnswered} once every leg has answered.
     */
    void actOnEveryLeg(String requestId, String groupId, Function<String, Object> actionForLeg, Headers headers) {
        String[] legIds = groupLegs.get(groupId).split(",");
        GroupActionProgress.State progress = GroupActionProgress.State.open(legIds.length);
        groupActions.put(requestId, GroupActionState.newBuilder().setGroupId(groupId).setSize(progress.size())
                .setAnswered(progress.answered()).setAnswerLeg(progress.answerLeg()).setAnswer(null).build());
        long now = System.currentTimeMillis();
        for (int i = 0; i < legIds.length; i++) {
            String routed = new ReplyRoute.ViaGroup(groupId, i + 1, requestId).routedRequestId();
            emitter.emit(LedgerTopology.TRANSACTION_COMMANDS_SINK, legIds[i],
                    new TransactionCommand(routed, now, actionForLeg.apply(legIds[i])), headers);
        }
    }

    /**
     * One leg answered a group action: keep its answer when {@link GroupActionProgress} says the caller gets it, and
     * answer the gateway when it was the last leg.
     */
    void actionAnswered(GroupActionResult result, Headers headers) {
        GroupActionState state = groupActions.get(result.getRequestId());
        if (state == null || !state.getGroupId().equals(result.getGroupId())) {
            throw new LedgerInvariantViolation("an answer for unknown group action " + result.getRequestId());
        }
        Reply legAnswer = result.getReply();
        GroupActionProgress.State progress = new GroupActionProgress.State(state.getSize(), state.getAnswered(),
                state.getAnswerLeg(), state.getAnswer() != null && state.getAnswer().getOk());
        GroupActionProgress.Next next = GroupActionProgress.answer(progress, result.getLegIndex(), legAnswer.getOk());
        Reply answer = next.keepThisAnswer() ? legAnswer : state.getAnswer();
        if (!next.state().complete()) {
            groupActions.put(result.getRequestId(), GroupActionState.newBuilder(state)
                    .setAnswered(next.state().answered()).setAnswerLeg(next.state().answerLeg()).setAnswer(answer)
                    .build());
            return;
        }
        groupActions.delete(result.getRequestId());
        Reply toGateway = Reply.newBuilder(answer).setRequestId(result.getRequestId()).build();
        ReplyRoute.send(emitter, result.getRequestId(), () -> toGateway, headers);
    }

    /** A leg's result goes to its group (key: group id). */
    static void report(Emitter emitter, TransactionSpec leg, String status, RejectionReason reason, long nowMs,
                       Headers headers) {
        emitter.emit(LedgerTopology.TRANSACTION_COMMANDS_SINK, leg.getGroupId(), new TransactionCommand(
                leg.getTransactionId() + "#" + status, nowMs, new GroupLegResult(leg.getGroupId(), leg.getLegIndex(),
                leg.getTransactionId(), status, reason == null ? null : reason.name())), headers);
    }

    private void decideAll(GroupState group, GroupVerdict decision, RejectionReason reason, Headers headers) {
        for (String legId : groupLegs.get(group.getGroupId()).split(",")) {
            decide(group.getGroupId(), legId, decision, reason, headers);
        }
    }

    /** Wire values of {@code GroupDecision.decision}: "settle" or "abort". */
    private void decide(String groupId, String legId, GroupVerdict verdict, RejectionReason reason, Headers headers) {
        String decision = verdict.name().toLowerCase(Locale.ROOT);
        emitter.emit(LedgerTopology.TRANSACTION_COMMANDS_SINK, legId, new TransactionCommand(groupId + "#" + decision,
                System.currentTimeMillis(), new GroupDecision(groupId, legId, decision,
                reason == null ? null : reason.name())), headers);
    }

    /** The verdict a {@link GroupDecision} carries. */
    static GroupVerdict verdict(GroupDecision decision) {
        return GroupVerdict.valueOf(decision.getDecision().toUpperCase(Locale.ROOT));
    }

    /** Answers the waiting gateway (skip_queue) once the group's outcome is certain. */
    private void reply(GroupState group, Headers headers) {
        String requestId = group.getRequestId();
        if (requestId == null) {
            return;
        }
        Reply reply = group.getRejectionCode() == null
                ? Replies.ok(requestId, group.getGroupId())
                : Replies.rejected(requestId, group.getGroupId(), RejectionReason.fromName(group.getRejectionCode()),
                        "leg " + group.getRejectedLegIndex() + ": ");
        ReplyRoute.send(emitter, requestId, () -> reply, headers);
    }

    private static boolean legOf(String groupId, boolean atomic, TransactionSpec leg) {
        boolean tracked = leg.getGroupId().isEmpty() || leg.getGroupId().equals(groupId);
        return tracked && leg.getLegIndex() > 0 && leg.getReserve() == atomic
                && groupId.equals(leg.getParentTransaction());
    }

    private static GroupProgress.State progress(GroupState state) {
        return new GroupProgress.State(state.getSize(), state.getAtomic(), state.getReported(), state.getHeld(),
                GroupProgress.Outcome.valueOf(state.getOutcome()),
                state.getRejectionCode() == null ? null : RejectionReason.fromName(state.getRejectionCode()),
                state.getRejectedLegIndex());
    }

    private static GroupState.Builder store(GroupState.Builder builder, GroupProgress.State progress) {
        return builder.setReported(progress.reported()).setHeld(progress.held()).setOutcome(progress.outcome().name())
                .setRejectionCode(progress.firstRejected() == null ? null : progress.firstRejected().name())
                .setRejectedLegIndex(progress.firstRejectedLeg());
    }
}
