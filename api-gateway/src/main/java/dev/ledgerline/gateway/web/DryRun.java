package dev.ledgerline.gateway.web;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.core.CoordinatorDecisions;
import dev.ledgerline.core.TransactionStatus;
import dev.ledgerline.core.HoldAction;
import dev.ledgerline.core.Ids;
import dev.ledgerline.core.RejectionReason;
import dev.ledgerline.core.TransactionLifecycle;
import dev.ledgerline.core.Transfer;
import dev.ledgerline.gateway.json.Json;
import dev.ledgerline.gateway.web.DryRunPreviews.Leg;
import dev.ledgerline.schemas.TransactionGroups;
import dev.ledgerline.wire.v1.TransactionSpec;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Blnk's {@code dry_run: true} (main branch): answers 200 with a {@code TransactionPreview} of what the request would
 * do, and publishes nothing. The request has already been validated exactly as the real one (same errors). The
 * preview reads the projection (balances, records) and decides with ledger-core only: {@code BalanceDecisions} for
 * the balances (legs applied in order on copies) and {@code TransactionLifecycle} for commit, void and refund.
 * The processor stays the only writer, so a preview can differ from the real outcome while queued work is pending.
 */
@Component
public class DryRun {

    private static final int LOOKUP_CONCURRENCY = 16;

    private final ProjectionClient projection;

    public DryRun(ProjectionClient projection) {
        this.projection = projection;
    }

    // ------------------------------------------------------------------ POST /transactions

    /** A transfer, or a split (all legs or none, as the processor's reserve-then-post). */
    Mono<ResponseEntity<String>> create(TransactionRequest request) {
        long now = System.currentTimeMillis();
        TransactionSpec parent = TransactionSpecs.of(request, now);
        boolean split = request.split != null;
        List<TransactionSpec> legs = split
                ? TransactionGroups.splitLegs(parent, request.split.sources, request.split.ends, request.split.shares)
                : List.of(parent);
        return referenceUsed(parent.getReference(), split ? parent.getTransactionId() : null)
                .zipWith(DryRunBalances.load(projection, balanceIds(legs)))
                .map(found -> {
                    DryRunBalances balances = found.getT2();
                    List<Leg> decided = decide(legs, split, found.getT1(), balances, now);
                    ObjectNode body = DryRunPreviews.createPreview(parent, decided);
                    if (split) {
                        body.put("atomic", true);
                    }
                    body.set("balances", balances.render());
                    body.set("notes", DryRunPreviews.notes(request.scheduledFor != null, split
                            ? "a split applies all its legs or none (reserve-then-post)" : null));
                    return JsonResponses.of(HttpStatus.OK, body);
                });
    }

    // ------------------------------------------------------------------ POST /transactions/bulk

    /** Every item applied cumulatively, in order; an atomic batch moves nothing unless every item would apply. */
    Mono<ResponseEntity<String>> bulk(List<TransactionSpec> items, boolean atomic) {
        long now = System.currentTimeMillis();
        Mono<List<Boolean>> duplicates = Flux.fromIterable(items)
                .flatMapSequential(item -> referenceUsed(item.getReference(), null), LOOKUP_CONCURRENCY)
                .collectList();
        return duplicates.zipWith(DryRunBalances.load(projection, balanceIds(items))).map(found -> {
            DryRunBalances balances = found.getT2();
            DryRunBalances target = atomic ? balances.copy() : balances;
            List<List<Leg>> decided = new ArrayList<>();
            boolean all = true;
            for (int i = 0; i < items.size(); i++) {
                List<Leg> legs = decide(List.of(items.get(i)), false, found.getT1().get(i), target, now);
                all &= legs.get(0).rejection() == null;
                decided.add(legs);
            }
            if (atomic) {
                balances.adopt(target, all);
            }
            ObjectNode body = Json.object();
            body.put("dry_run", true);
            body.put("would_apply", all);
            body.put("cumulative", true);
            body.put("atomic", atomic);
            ArrayNode results = body.putArray("results");
            for (int i = 0; i < items.size(); i++) {
                List<Leg> legs = decided.get(i);
                if (atomic && !all && legs.get(0).rejection() == null) {
                    legs = List.of(aborted(legs.get(0)));
                }
                ObjectNode result = DryRunPreviews.createPreview(items.get(i), legs);
                result.put("index", i);
                results.add(result);
            }
            body.set("balances", balances.render());
            body.set("notes", DryRunPreviews.notes(false, atomic
                    ? "atomic: no item applies unless every item would apply"
                    : "not atomic: each item applies on its own; items see the effect of the items before them"));
            return JsonResponses.of(HttpStatus.OK, body);
        });
    }

    // ------------------------------------------------------------------ PUT /transactions/inflight/{id}

    /**
     * Commit ({@code precise} minor units, null = all that remains) or void of the transactions {@code rootIds} (one,
     * or each leg of a split or bulk batch). Decided by {@link TransactionLifecycle} on the records in the projection,
     * then {@code settleHold} on the source and the destination.
     */
    Mono<ResponseEntity<String>> inflight(String requestedId, List<String> rootIds, boolean commit, BigInteger precise) {
        long now = System.currentTimeMillis();
        return lifecycles(rootIds).flatMap(read -> DryRunBalances.load(projection, outcomeBalanceIds(read))
                .map(balances -> {
                    Settled settled = settle(read, new HashMap<>(), balances, commit, precise, now);
                    ObjectNode body = DryRunPreviews.actionPreview(commit ? "commit" : "void", requestedId, read,
                            settled.legs(), settled.moved(), commit ? TransactionStatus.APPLIED : TransactionStatus.VOID);
                    body.set("balances", balances.render());
                    body.set("notes", DryRunPreviews.notes(false, read.size() > 1
                            ? "a split or bulk id acts on each leg; legs that cannot are listed with their reason" : null));
                    return JsonResponses.of(HttpStatus.OK, body);
                }));
    }

    // ------------------------------------------------------------------ POST /transactions/inflight/bulk/commit|void

    /**
     * One item of a bulk commit or void: the id asked for, the roots it acts on (one, or a group's legs), the amount
     * to commit (null = all that remains), or the refusal found before anything was read ({@code invalid}).
     */
    record BulkInflightItem(String requestedId, List<String> rootIds, BigInteger precise, RuntimeException invalid) {

        static BulkInflightItem refused(String requestedId, RuntimeException invalid) {
            return new BulkInflightItem(requestedId, List.of(), null, invalid);
        }
    }

    /**
     * Blnk's bulk preview ({@code dry_run}, {@code would_apply}, {@code cumulative}, {@code results[]} of
     * {@code TransactionPreview}, {@code balances}, {@code notes}). Unlike Blnk's, which previews each item alone,
     * items are previewed in request order on shared balances and holds, so {@code balances} shows the whole request's
     * effect. Distinct holds settle the same way in any order; an id named twice is previewed in request order, but
     * the real request acts on its items concurrently, so which occurrence succeeds is not determined (said in notes).
     */
    Mono<ResponseEntity<String>> bulkInflight(List<BulkInflightItem> items, boolean commit) {
        long now = System.currentTimeMillis();
        String operation = commit ? "commit" : "void";
        List<String> roots = items.stream().flatMap(item -> item.rootIds().stream()).distinct().toList();
        TransactionStatus statusWhenApplied = commit ? TransactionStatus.APPLIED : TransactionStatus.VOID;
        return lifecycles(roots).flatMap(read -> DryRunBalances.load(projection, outcomeBalanceIds(read))
                .map(balances -> {
                    Map<String, DryRunLifecycle> byRoot = new HashMap<>();
                    read.forEach(lifecycle -> byRoot.put(lifecycle.rootId(), lifecycle));
                    Map<String, TransactionLifecycle.State> states = new HashMap<>();
                    ArrayNode results = Json.MAPPER.createArrayNode();
                    boolean all = true;
                    for (BulkInflightItem item : items) {
                        ObjectNode preview = item.invalid() != null
                                ? DryRunPreviews.refusedAction(operation, item.requestedId(), item.invalid())
                                : bulkItem(item, byRoot, states, balances, commit, statusWhenApplied, now);
                        all &= preview.get("would_apply").asBoolean();
                        results.add(preview);
                    }
                    ObjectNode body = Json.object();
                    body.put("dry_run", true);
                    body.put("would_apply", all);
                    body.put("cumulative", true);
                    body.put("atomic", false);
                    body.set("results", results);
                    body.set("balances", balances.render());
                    ArrayNode notes = DryRunPreviews.notes(false,
                            "each item acts on its own; previewed in request order on shared balances and holds");
                    repeatedIds(items).ifPresent(notes::add);
                    body.set("notes", notes);
                    return JsonResponses.of(HttpStatus.OK, body);
                }));
    }

    private static Optional<String> repeatedIds(List<BulkInflightItem> items) {
        Set<String> seen = new HashSet<>();
        Set<String> repeated = new LinkedHashSet<>();
        items.forEach(item -> {
            if (!seen.add(item.requestedId())) {
                repeated.add(item.requestedId());
            }
        });
        return repeated.isEmpty() ? Optional.empty() : Optional.of("transaction id appears more than once in this "
                + "batch (" + String.join(", ", repeated) + "): previewed in request order, but the real request acts "
                + "on its items concurrently, so which occurrence succeeds is not determined");
    }

    private static ObjectNode bulkItem(BulkInflightItem item, Map<String, DryRunLifecycle> byRoot,
                                       Map<String, TransactionLifecycle.State> states, DryRunBalances balances,
                                       boolean commit, TransactionStatus statusWhenApplied, long now) {
        List<DryRunLifecycle> mine = item.rootIds().stream().map(byRoot::get).toList();
        Settled settled = settle(mine, states, balances, commit, item.precise(), now);
        return DryRunPreviews.actionPreview(commit ? "commit" : "void", item.requestedId(), mine, settled.legs(),
                settled.moved(), statusWhenApplied);
    }

    /** The legs of one action and what they move in all. */
    private record Settled(List<Leg> legs, BigInteger moved) {
    }

    /**
     * Decides a commit or void of each lifecycle with ledger-core on its current state ({@code states} holds the
     * states earlier actions of the same request left; the projection's otherwise) and settles the holds on
     * {@code balances}.
     */
    private static Settled settle(List<DryRunLifecycle> read, Map<String, TransactionLifecycle.State> states,
                                  DryRunBalances balances, boolean commit, BigInteger precise, long now) {
        List<Leg> legs = new ArrayList<>();
        BigInteger moved = BigInteger.ZERO;
        for (DryRunLifecycle lifecycle : read) {
            TransactionLifecycle.State state = states.getOrDefault(lifecycle.rootId(), lifecycle.state());
            TransactionLifecycle.ActionDecision decision = commit
                    ? TransactionLifecycle.commit(state, precise)
                    : TransactionLifecycle.voidRemaining(state);
            BigInteger amount = decision.isAccepted() ? decision.accepted().amount()
                    : precise != null ? precise : state.remaining();
            if (decision.isAccepted()) {
                states.put(lifecycle.rootId(), CoordinatorDecisions.afterAction(state, commit, decision.accepted()));
                balances.settleHold(commit ? HoldAction.COMMIT : HoldAction.VOID, lifecycle.sourceId(),
                        lifecycle.destinationId(), amount, lifecycle.rootId(), now);
                moved = moved.add(amount);
            }
            legs.add(new Leg(lifecycle.rootId(), DryRunLifecycle.text(lifecycle.root(), "reference"),
                    lifecycle.sourceId(), lifecycle.destinationId(), amount, decision.refusal()));
        }
        return new Settled(legs, moved);
    }

    // ------------------------------------------------------------------ POST /refund-transaction/{id}

    /** A refund of each of {@code rootIds}: destination back to source, as the processor would record it. */
    Mono<ResponseEntity<String>> refund(String requestedId, List<String> rootIds) {
        long now = System.currentTimeMillis();
        return lifecycles(rootIds).flatMap(read -> DryRunBalances.load(projection, outcomeBalanceIds(read))
                .map(balances -> {
                    List<Leg> legs = new ArrayList<>();
                    BigInteger moved = BigInteger.ZERO;
                    for (DryRunLifecycle lifecycle : read) {
                        String reference = Ids.refundReference(lifecycle.rootId());
                        String refundId = Ids.transactionIdForReference(reference);
                        Optional<RejectionReason> refusal = TransactionLifecycle.refund(lifecycle.state());
                        BigInteger original = lifecycle.outcome() == null ? BigInteger.ZERO
                                : lifecycle.outcome().get("precise_amount").bigIntegerValue();
                        BigInteger amount = TransactionLifecycle.refundAmount(lifecycle.state(), original);
                        RejectionReason rejection = refusal.orElse(null);
                        if (rejection == null) {
                            rejection = balances.transfer(new Transfer(refundId, lifecycle.destinationId(),
                                    lifecycle.sourceId(), null, null, amount, DryRunLifecycle.text(lifecycle.outcome(),
                                    "currency"), true, BigInteger.ZERO, now, false), now);
                        }
                        if (rejection == null) {
                            moved = moved.add(amount);
                        }
                        legs.add(new Leg(refundId, reference, lifecycle.destinationId(), lifecycle.sourceId(), amount,
                                rejection));
                    }
                    ObjectNode body = DryRunPreviews.actionPreview("refund", requestedId, read, legs, moved,
                            TransactionStatus.APPLIED);
                    if (read.size() == 1) {
                        body.put("transaction_id", legs.get(0).transactionId());
                        body.put("reference", legs.get(0).reference());
                        body.put("parent_transaction", read.get(0).rootId());
                    }
                    body.set("balances", balances.render());
                    body.set("notes", DryRunPreviews.notes(false, read.size() > 1
                            ? "a split or bulk id refunds each leg; legs that cannot are listed with their reason" : null));
                    return JsonResponses.of(HttpStatus.OK, body);
                }));
    }

    // ------------------------------------------------------------------ deciding

    /**
     * Runs {@code legs} in order with ledger-core. {@code atomic}: on a copy, kept only when every leg would apply
     * (the others then end {@code GROUP_ABORTED}, as in the processor). A used reference refuses every leg.
     */
    private static List<Leg> decide(List<TransactionSpec> legs, boolean atomic, boolean duplicate,
                                    DryRunBalances balances, long now) {
        List<Leg> decided = new ArrayList<>();
        DryRunBalances target = atomic ? balances.copy() : balances;
        boolean all = true;
        for (TransactionSpec leg : legs) {
            RejectionReason rejection;
            if (duplicate) {
                target.role(leg.getSourceId(), "source");
                target.role(leg.getDestinationId(), "destination");
                rejection = RejectionReason.DUPLICATE_REFERENCE;
            } else {
                rejection = target.transfer(transferOf(leg), now);
            }
            all &= rejection == null;
            decided.add(new Leg(leg.getTransactionId(), leg.getReference(), leg.getSourceId(), leg.getDestinationId(),
                    new BigInteger(leg.getPreciseAmount()), rejection));
        }
        if (atomic) {
            balances.adopt(target, all);
            if (!all) {
                decided.replaceAll(leg -> leg.rejection() == null ? aborted(leg) : leg);
            }
        }
        return decided;
    }

    private static Leg aborted(Leg leg) {
        return new Leg(leg.transactionId(), leg.reference(), leg.source(), leg.destination(), leg.amount(),
                RejectionReason.GROUP_ABORTED);
    }

    /** The same {@link Transfer} the processor builds from a spec (WireMapper). */
    private static Transfer transferOf(TransactionSpec spec) {
        return new Transfer(spec.getTransactionId(), spec.getSourceId(), spec.getDestinationId(),
                Ids.isIndicator(spec.getSource()) ? spec.getSource() : null,
                Ids.isIndicator(spec.getDestination()) ? spec.getDestination() : null,
                new BigInteger(spec.getPreciseAmount()), spec.getCurrency(), spec.getAllowOverdraft(),
                new BigInteger(spec.getOverdraftLimit()),
                spec.getEffectiveDateMs() == null ? spec.getCreatedAtMs() : spec.getEffectiveDateMs(), spec.getInflight());
    }

    /** A reference is used when the projection has a record with it, or (a split) records whose parent is its id. */
    private Mono<Boolean> referenceUsed(String reference, String groupId) {
        Mono<Boolean> record = projection.transactionByReference(reference).map(Optional::isPresent);
        if (groupId == null) {
            return record;
        }
        return record.flatMap(used -> used ? Mono.just(true)
                : projection.childIds(groupId).map(children -> !children.isEmpty()));
    }

    private Mono<List<DryRunLifecycle>> lifecycles(List<String> rootIds) {
        return Flux.fromIterable(rootIds).concatMap(root -> DryRunLifecycle.read(projection, root)).collectList();
    }

    private static Collection<String> balanceIds(List<TransactionSpec> legs) {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        legs.forEach(leg -> {
            ids.add(leg.getSourceId());
            ids.add(leg.getDestinationId());
        });
        return ids;
    }

    private static Collection<String> outcomeBalanceIds(List<DryRunLifecycle> read) {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        read.stream().filter(l -> l.outcome() != null).forEach(l -> {
            ids.add(l.sourceId());
            ids.add(l.destinationId());
        });
        return ids;
    }
}
