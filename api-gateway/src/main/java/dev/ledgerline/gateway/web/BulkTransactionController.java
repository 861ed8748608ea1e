package dev.ledgerline.gateway.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.core.Ids;
import dev.ledgerline.gateway.error.ApiException;
import dev.ledgerline.gateway.error.ErrorMapper;
import dev.ledgerline.gateway.json.Json;
import dev.ledgerline.gateway.json.JsonFields;
import dev.ledgerline.gateway.kafka.CommandPublisher;
import dev.ledgerline.gateway.kafka.LedgerCommandSender;
import dev.ledgerline.schemas.TransactionGroups;
import dev.ledgerline.wire.v1.StartGroup;
import dev.ledgerline.wire.v1.TransactionCommand;
import dev.ledgerline.wire.v1.TransactionSpec;

import reactor.core.publisher.Mono;

/**
 * {@code POST /transactions/bulk} (Blnk): up to {@value #BULK_LIMIT} transactions as ONE {@code StartGroup} record, so
 * the batch is durable all-or-nothing before anyone is answered. Every item is validated first (the first invalid
 * one → 400 with {@code details.index}); nothing is written unless all pass.
 * <ul>
 *   <li>{@code atomic: true}: truly all-or-nothing (reserve-then-post), not Blnk's compensation.</li>
 *   <li>{@code skip_queue: true}: waits until the batch's outcome is certain; 201 {@code applied}/{@code inflight},
 *       or the first failing item's error with {@code batch_id}.</li>
 *   <li>Otherwise 201 {@code queued} once Kafka has the batch (Blnk says "applied" here although nothing applied
 *       yet); {@code run_async: true} answers 202 {@code processing} the same way.</li>
 * </ul>
 * Top-level {@code inflight} and {@code skip_queue} override the items' values, as in Blnk.
 */
@RestController
public class BulkTransactionController {

    static final int BULK_LIMIT = 10_000;

    private final CommandPublisher publisher;
    private final LedgerCommandSender sender;
    private final DryRun dryRun;

    public BulkTransactionController(CommandPublisher publisher, LedgerCommandSender sender, DryRun dryRun) {
        this.publisher = publisher;
        this.sender = sender;
        this.dryRun = dryRun;
    }

    @PostMapping("/transactions/bulk")
    public Mono<ResponseEntity<String>> recordBulk(@RequestBody(required = false) byte[] body) {
        JsonFields fields = new JsonFields(Json.parseObject(body));
        List<ObjectNode> items = fields.objects("transactions");
        boolean atomic = Boolean.TRUE.equals(fields.bool("atomic"));
        Boolean inflight = fields.bool("inflight");
        Boolean skipQueue = fields.bool("skip_queue");
        boolean runAsync = Boolean.TRUE.equals(fields.bool("run_async"));
        boolean preview = Boolean.TRUE.equals(fields.bool("dry_run"));
        if (items == null || items.isEmpty() || items.size() > BULK_LIMIT) {
            throw ErrorMapper.bulkSize(items == null || items.isEmpty(), BULK_LIMIT);
        }
        String batchId = Ids.bulkBatchId(UUID.randomUUID());
        long now = System.currentTimeMillis();
        List<TransactionSpec> specs = itemSpecs(items, inflight, skipQueue, batchId, atomic, runAsync, now);
        if (preview) {
            return dryRun.bulk(specs, atomic);
        }
        boolean waiting = Boolean.TRUE.equals(skipQueue) && !runAsync;
        TransactionCommand command = new TransactionCommand(UUID.randomUUID().toString(), now, new StartGroup(batchId,
                TransactionGroups.BULK, "", atomic, waiting, specs, now));
        boolean anyInflight = specs.stream().anyMatch(TransactionSpec::getInflight);
        if (waiting) {
            return sender.send(batchId, command, replyWait(specs.size()))
                    .onErrorMap(error -> ErrorMapper.bulkFailure(error, batchId))
                    .map(reply -> {
                        if (!reply.getOk()) {
                            throw ErrorMapper.bulkFailure(ErrorMapper.fromReply(reply), batchId);
                        }
                        return JsonResponses.created(summary(batchId, anyInflight ? "inflight" : "applied", specs.size()));
                    });
        }
        return publisher.publishTransactionCommand(batchId, command)
                .onErrorMap(error -> ErrorMapper.bulkFailure(error, batchId))
                .map(acknowledged -> runAsync
                        ? JsonResponses.of(HttpStatus.ACCEPTED, accepted(batchId))
                        : JsonResponses.created(summary(batchId, "queued", specs.size())));
    }

    /** Validates every item (with the batch's overrides) and builds its spec; the first failure refuses the batch. */
    private static List<TransactionSpec> itemSpecs(List<ObjectNode> items, Boolean inflight, Boolean skipQueue,
                                                   String batchId, boolean atomic, boolean runAsync, long now) {
        List<TransactionSpec> specs = new ArrayList<>(items.size());
        Map<String, Integer> references = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            ObjectNode item = items.get(i);
            if (inflight != null) {
                item.put("inflight", inflight);
            }
            if (skipQueue != null) {
                item.put("skip_queue", skipQueue);
            }
            TransactionRequest request;
            try {
                request = TransactionRequest.validate(item);
            } catch (ApiException invalid) {
                throw ErrorMapper.bulkItemInvalid(invalid, i);
            }
            if (request.split != null) {
                throw ErrorMapper.bulkItemInvalid(ErrorMapper.transactionFeatureNotSupported(
                        request.split.sources ? "sources" : "destinations"), i);
            }
            if (references.putIfAbsent(request.reference, i) != null) {
                throw ErrorMapper.bulkDuplicateReference(i, request.reference);
            }
            ObjectNode meta = request.metaData == null ? Json.object() : request.metaData.deepCopy();
            meta.put("sequence", i + 1);
            meta.put("QUEUED_PARENT_TRANSACTION", batchId);
            // a run_async batch announces its outcome, so its group must hear from every item
            specs.add(TransactionGroups.bulkItem(TransactionSpecs.of(request, meta, now), batchId, i + 1, atomic,
                    request.skipQueue || runAsync));
        }
        return specs;
    }

    /** A waiting caller gets an answer for a large batch too: the usual reply timeout, or more for many items. */
    static Duration replyWait(int items) {
        return Duration.ofSeconds(30).plusMillis(20L * items);
    }

    private static ObjectNode summary(String batchId, String status, int count) {
        ObjectNode body = Json.object();
        body.put("batch_id", batchId);
        body.put("status", status);
        body.put("transaction_count", count);
        return body;
    }

    private static ObjectNode accepted(String batchId) {
        ObjectNode body = Json.object();
        body.put("message", "Bulk transaction processing started");
        body.put("batch_id", batchId);
        body.put("status", "processing");
        return body;
    }
}
