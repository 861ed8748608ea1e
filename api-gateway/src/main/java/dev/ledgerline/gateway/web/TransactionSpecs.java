package dev.ledgerline.gateway.web;

import java.time.Instant;

import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.core.Ids;
import dev.ledgerline.gateway.json.Json;
import dev.ledgerline.wire.v1.TransactionSpec;

/** The one mapping from a validated {@link TransactionRequest} to the wire {@link TransactionSpec}. */
final class TransactionSpecs {

    private TransactionSpecs() {
    }

    /** The spec of {@code request}, with its id derived from the reference; {@code metaData} replaces the request's. */
    static TransactionSpec of(TransactionRequest request, ObjectNode metaData, long nowMs) {
        return TransactionSpec.newBuilder()
                .setTransactionId(Ids.transactionIdForReference(request.reference))
                .setReference(request.reference)
                .setSource(request.source)
                .setDestination(request.destination)
                .setSourceId(request.sourceId)
                .setDestinationId(request.destinationId)
                .setPreciseAmount(request.preciseAmount.toString())
                .setPrecision(request.precision)
                .setCurrency(request.currency)
                .setDescription(request.description)
                .setAllowOverdraft(request.allowOverdraft)
                .setOverdraftLimit(request.overdraftLimitMinor.toString())
                .setInflight(request.inflight)
                .setMetaDataJson(Json.compact(metaData))
                .setCreatedAtMs(nowMs)
                .setEffectiveDateMs(millisOrNull(request.effectiveDate))
                .setSkipQueue(request.skipQueue)
                .setScheduledForMs(millisOrNull(request.scheduledFor))
                .setInflightExpiryMs(millisOrNull(request.inflightExpiry))
                .setInflightCommitMs(millisOrNull(request.inflightCommit))
                .setParentTransaction("")
                .build();
    }

    static TransactionSpec of(TransactionRequest request, long nowMs) {
        return of(request, request.metaData, nowMs);
    }

    private static Long millisOrNull(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
