package dev.ledgerline.gateway.web;

import java.math.BigDecimal;

import tools.jackson.databind.JsonNode;

import dev.ledgerline.gateway.error.ErrorMapper;
import reactor.core.publisher.Mono;

/**
 * What the projection knows about a transaction id a client passed in a path, and the root
 * (QUEUED) transaction id that commands about it are keyed by (docs/design/transactions-v2.md).
 * {@code record} is null when the projection does not have it (unknown, or not projected yet):
 * the id is then used as the root and the processor answers {@code TRANSACTION_NOT_FOUND} if it
 * does not know it either.
 *
 * @param requestedId the id as the client sent it
 * @param record      the projection's Blnk JSON of that record, or null
 */
record StoredTransaction(String requestedId, JsonNode record, boolean readModelAnswered) {

    static final String INFLIGHT = "INFLIGHT";
    static final String APPLIED = "APPLIED";

    StoredTransaction(String requestedId, JsonNode record) {
        this(requestedId, record, true);
    }

    /**
     * What the projection holds for {@code id}. A command never waits for the read model: when the projection cannot
     * answer, the id is taken as the root (a transaction's, split's or bulk batch's own id works without it).
     */
    static Mono<StoredTransaction> lookup(ProjectionClient projection, String id) {
        return projection.transaction(id)
                .map(found -> new StoredTransaction(id, found.orElse(null), true))
                .onErrorResume(unavailable -> Mono.just(new StoredTransaction(id, null, false)));
    }

    /**
     * The processor's "not found" for an id the read model could not resolve may be a {@code _q} record's id, which
     * only the read model maps to its root: that is a 503 (try again), not a 404.
     */
    Throwable unresolved(Throwable error) {
        if (!readModelAnswered && ErrorMapper.toApiException(error).status() == 404) {
            return ErrorMapper.projectionUnavailable();
        }
        return error;
    }

    boolean found() {
        return record != null;
    }

    /** Inflight commit/void: the INFLIGHT {@code _q} record routes to its parent; any other id is the root itself. */
    String inflightRoot() {
        return parentWhenStatus(INFLIGHT);
    }

    /** Refund: the APPLIED {@code _q} outcome record routes to its parent (the QUEUED root); any other id is used as is. */
    String refundRoot() {
        return parentWhenStatus(APPLIED);
    }

    /** The stored precision, or null when unknown (not found, or not a number). */
    BigDecimal precision() {
        if (record == null) {
            return null;
        }
        JsonNode precision = record.get("precision");
        return precision != null && precision.isNumber() ? precision.decimalValue() : null;
    }

    private String parentWhenStatus(String status) {
        if (record == null) {
            return requestedId;
        }
        String parent = text("parent_transaction");
        return !parent.isEmpty() && status.equals(text("status")) ? parent : requestedId;
    }

    private String text(String field) {
        JsonNode node = record.get(field);
        return node != null && node.isString() ? node.stringValue() : "";
    }
}
