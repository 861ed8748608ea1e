package dev.ledgerline.gateway.web;

import java.math.BigDecimal;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.core.Amounts;
import dev.ledgerline.core.Ids;
import dev.ledgerline.core.TransactionHash;
import dev.ledgerline.gateway.json.BlnkTime;
import dev.ledgerline.gateway.json.Json;
import dev.ledgerline.gateway.kafka.CommandPublisher;
import dev.ledgerline.wire.v1.RecordTransaction;
import dev.ledgerline.wire.v1.TransactionCommand;
import dev.ledgerline.wire.v1.TransactionSpec;
import reactor.core.publisher.Mono;

/**
 * {@code POST /transactions} on the queued path: validated here, published keyed by the
 * transaction id derived from the reference, and answered {@code 201 QUEUED} once Kafka
 * acknowledged the command (unlike Blnk, which answers before anything is durable). The outcome
 * ({@code APPLIED}/{@code REJECTED}, reference {@code <ref>_q}) is read later from the projection.
 */
@RestController
public class TransactionController {

    static final String QUEUED = "QUEUED";

    private final CommandPublisher publisher;

    public TransactionController(CommandPublisher publisher) {
        this.publisher = publisher;
    }

    @PostMapping("/transactions")
    public Mono<ResponseEntity<String>> recordTransaction(@RequestBody(required = false) byte[] body) {
        TransactionRequest request = TransactionRequest.validate(Json.parseObject(body));
        String transactionId = Ids.transactionIdForReference(request.reference);
        long now = System.currentTimeMillis();

        TransactionSpec spec = TransactionSpec.newBuilder()
                .setTransactionId(transactionId)
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
                .setInflight(false)
                .setMetaDataJson(Json.compact(request.metaData))
                .setCreatedAtMs(now)
                .setEffectiveDateMs(request.effectiveDate == null ? null : request.effectiveDate.toEpochMilli())
                .build();
        TransactionCommand command = TransactionCommand.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setAcceptedAtMs(now)
                .setPayload(RecordTransaction.newBuilder().setTransaction(spec).setSkipQueue(false).build())
                .build();

        return publisher.publishTransactionCommand(transactionId, command)
                .map(acknowledged -> JsonResponses.created(queuedResponse(request, transactionId, now)));
    }

    /**
     * Blnk's QUEUED shape. The processor writes the durable QUEUED record with the same hash, so the
     * hash arguments (and their order) must match what it computes from the {@link TransactionSpec}.
     */
    private static ObjectNode queuedResponse(TransactionRequest request, String transactionId, long createdAtMs) {
        String hash = TransactionHash.of(transactionId, "", request.reference, request.source, request.destination,
                request.preciseAmount, request.precision, request.currency, QUEUED, createdAtMs);
        ObjectNode txn = Json.object();
        txn.put("transaction_id", transactionId);
        txn.put("parent_transaction", "");
        txn.put("precise_amount", request.preciseAmount);
        txn.put("amount", Amounts.toMajor(request.preciseAmount, request.precision));
        txn.put("amount_string", Amounts.amountString(request.preciseAmount, request.precision));
        txn.put("precision", request.precision);
        txn.put("overdraft_limit", request.overdraftLimitSent == null ? BigDecimal.ZERO : request.overdraftLimitSent);
        txn.put("source", request.source);
        txn.put("destination", request.destination);
        txn.put("reference", request.reference);
        txn.put("currency", request.currency);
        txn.put("description", request.description);
        txn.put("status", QUEUED);
        txn.put("hash", hash);
        txn.put("allow_overdraft", request.allowOverdraft);
        txn.put("inflight", false);
        txn.put("skip_queue", false);
        txn.put("atomic", false);
        txn.put("created_at", BlnkTime.formatMillis(createdAtMs));
        if (request.effectiveDate != null) {
            txn.put("effective_date", BlnkTime.format(request.effectiveDate));
        }
        txn.put("scheduled_for", BlnkTime.ZERO);
        txn.put("inflight_expiry_date", BlnkTime.ZERO);
        txn.put("inflight_commit_date", BlnkTime.ZERO);
        ObjectNode meta = request.metaData == null ? Json.object() : request.metaData.deepCopy();
        meta.put("QUEUED_PARENT_TRANSACTION", transactionId);
        txn.set("meta_data", meta);
        return txn;
    }
}
