package dev.ledgerline.gateway.web;

import dev.ledgerline.schemas.TransactionRecords;

import java.time.Instant;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.ledgerline.core.Ids;
import dev.ledgerline.gateway.json.Json;
import dev.ledgerline.gateway.kafka.CommandPublisher;
import dev.ledgerline.gateway.kafka.LedgerCommandSender;
import dev.ledgerline.wire.v1.RecordTransaction;
import dev.ledgerline.wire.v1.TransactionCommand;
import dev.ledgerline.wire.v1.TransactionSpec;
import reactor.core.publisher.Mono;

/**
 * {@code POST /transactions}, published keyed by the transaction id derived from the reference.
 * <ul>
 *   <li>Queued (default): answered {@code 201 QUEUED} (or {@code SCHEDULED} with {@code scheduled_for})
 *       once Kafka acknowledged the command (unlike Blnk, which answers before anything is durable).
 *       The outcome ({@code APPLIED}/{@code INFLIGHT}/{@code REJECTED}, reference {@code <ref>_q}) is read
 *       later from the projection.</li>
 *   <li>{@code skip_queue: true}: waits for the processor's {@code Reply} and answers 201 with the outcome
 *       record it carries ({@code APPLIED}/{@code INFLIGHT}, same id and reference), or the error by code.</li>
 * </ul>
 */
@RestController
public class TransactionController {

    private final CommandPublisher publisher;
    private final LedgerCommandSender sender;

    public TransactionController(CommandPublisher publisher, LedgerCommandSender sender) {
        this.publisher = publisher;
        this.sender = sender;
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
                .setInflight(request.inflight)
                .setMetaDataJson(Json.compact(request.metaData))
                .setCreatedAtMs(now)
                .setEffectiveDateMs(millisOrNull(request.effectiveDate))
                .setSkipQueue(request.skipQueue)
                .setScheduledForMs(millisOrNull(request.scheduledFor))
                .setInflightExpiryMs(millisOrNull(request.inflightExpiry))
                .setInflightCommitMs(millisOrNull(request.inflightCommit))
                .setParentTransaction("")
                .build();
        TransactionCommand command = TransactionCommand.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setAcceptedAtMs(now)
                .setPayload(RecordTransaction.newBuilder().setTransaction(spec).setSkipQueue(request.skipQueue).build())
                .build();

        if (request.skipQueue) {
            return sender.send(transactionId, command)
                    .map(reply -> JsonResponses.created(TransactionRenderer.render(Replies.recordOf(reply))));
        }
        return publisher.publishTransactionCommand(transactionId, command)
                .map(acknowledged -> JsonResponses.created(TransactionRenderer.render(TransactionRecords.queued(spec))));
    }

    private static Long millisOrNull(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
