package dev.ledgerline.gateway.web;

import java.math.BigDecimal;

import tools.jackson.databind.JsonNode;

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
record StoredTransaction(String requestedId, JsonNode record) {

    static final String INFLIGHT = "INFLIGHT";
    static final String APPLIED = "APPLIED";

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
