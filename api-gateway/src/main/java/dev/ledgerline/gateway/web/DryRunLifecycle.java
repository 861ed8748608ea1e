package dev.ledgerline.gateway.web;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

import dev.ledgerline.core.TransactionStatus;
import dev.ledgerline.core.Ids;
import dev.ledgerline.core.TransactionLifecycle;
import reactor.core.publisher.Mono;

/**
 * A transaction's lifecycle as its coordinator holds it, rebuilt from its records in the projection, so that
 * {@link TransactionLifecycle} (ledger-core) can decide a commit, void or refund preview:
 * <ul>
 *   <li>the root record (QUEUED/SCHEDULED, or with {@code skip_queue} the outcome itself);</li>
 *   <li>its outcome {@code <ref>_q} (INFLIGHT / APPLIED / REJECTED), whose {@code precise_amount} is the hold;</li>
 *   <li>the outcome's children: APPLIED commits (summed) and a VOID;</li>
 *   <li>the refund record {@code <root>_refund}.</li>
 * </ul>
 *
 * @param root    the root record, or null when the projection does not know the transaction
 * @param state   for ledger-core; status null when the projection does not know the transaction
 * @param outcome the outcome record (its {@code source}/{@code destination} are resolved balance ids), or null
 */
record DryRunLifecycle(String rootId, JsonNode root, TransactionLifecycle.State state, JsonNode outcome) {

    static Mono<DryRunLifecycle> read(ProjectionClient projection, String rootId) {
        Mono<Boolean> refunded = projection.transaction(Ids.transactionIdForReference(Ids.refundReference(rootId)))
                .map(Optional::isPresent);
        return projection.transaction(rootId).flatMap(root -> {
            if (root.isEmpty()) {
                return Mono.just(new DryRunLifecycle(rootId, null, new TransactionLifecycle.State(null, BigInteger.ZERO,
                        BigInteger.ZERO, false, false), null));
            }
            TransactionStatus status = status(root.get());
            Mono<Optional<JsonNode>> outcome = status == TransactionStatus.QUEUED
                    || status == TransactionStatus.SCHEDULED
                    ? projection.transaction(Ids.outcomeTransactionId(rootId))
                    : Mono.just(root);
            return outcome.flatMap(found -> found.isEmpty()
                    ? refunded.map(r -> new DryRunLifecycle(rootId, root.get(), new TransactionLifecycle.State(status,
                            BigInteger.ZERO, BigInteger.ZERO, false, r), null))
                    : projection.children(text(found.get(), "transaction_id")).zipWith(refunded)
                            .map(both -> of(rootId, root.get(), found.get(), both.getT1(), both.getT2())));
        });
    }

    private static DryRunLifecycle of(String rootId, JsonNode root, JsonNode outcome, List<JsonNode> children, boolean refunded) {
        TransactionStatus status = status(outcome);
        if (status != TransactionStatus.INFLIGHT) {
            return new DryRunLifecycle(rootId, root, new TransactionLifecycle.State(status, BigInteger.ZERO, BigInteger.ZERO,
                    false, refunded), outcome);
        }
        BigInteger held = outcome.get("precise_amount").bigIntegerValue();
        BigInteger committed = BigInteger.ZERO;
        boolean voided = false;
        for (JsonNode child : children) {
            TransactionStatus childStatus = status(child);
            if (childStatus == TransactionStatus.APPLIED) {
                committed = committed.add(child.get("precise_amount").bigIntegerValue());
            } else if (childStatus == TransactionStatus.VOID) {
                voided = true;
            }
        }
        TransactionStatus now = voided ? TransactionStatus.VOID
                : committed.equals(held) ? TransactionStatus.APPLIED : TransactionStatus.INFLIGHT;
        return new DryRunLifecycle(rootId, root, new TransactionLifecycle.State(now, held, committed, voided, refunded),
                outcome);
    }

    /** The record's status as ledger-core knows it; null when the read model shows one it does not. */
    private static TransactionStatus status(JsonNode record) {
        String status = text(record, "status");
        for (TransactionStatus known : TransactionStatus.values()) {
            if (known.name().equals(status)) {
                return known;
            }
        }
        return null;
    }

    String sourceId() {
        return text(outcome, "source");
    }

    String destinationId() {
        return text(outcome, "destination");
    }

    static String text(JsonNode json, String field) {
        JsonNode node = json == null ? null : json.get(field);
        return node == null || node.isNull() ? "" : node.asString();
    }
}
