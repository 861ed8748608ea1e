package dev.ledgerline.gateway.web;

import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.gateway.json.Json;
import dev.ledgerline.gateway.json.JsonFields;
import dev.ledgerline.gateway.kafka.LedgerCommandSender;
import dev.ledgerline.wire.v1.RefundTransaction;
import dev.ledgerline.wire.v1.TransactionCommand;
import dev.ledgerline.wire.v1.TransactionRecord;

import reactor.core.publisher.Mono;

/**
 * {@code POST /refund-transaction/{id}} with an optional body {@code {"skip_queue", "description", "meta_data"}}.
 * The id may be the root (QUEUED) id or the APPLIED {@code _q} outcome record's id (routed to its parent,
 * {@link StoredTransaction#refundRoot()}). Publishes a {@link RefundTransaction} keyed by the root, waits for
 * the reply and answers 201 with the refund's record (QUEUED, or APPLIED with {@code skip_queue}).
 */
@RestController
public class RefundController {

    private final ProjectionClient projection;
    private final LedgerCommandSender sender;
    private final DryRun dryRun;

    public RefundController(ProjectionClient projection, LedgerCommandSender sender, DryRun dryRun) {
        this.projection = projection;
        this.sender = sender;
        this.dryRun = dryRun;
    }

    @PostMapping("/refund-transaction/{id}")
    public Mono<ResponseEntity<String>> refund(@PathVariable("id") String id, @RequestBody(required = false) byte[] body) {
        boolean skipQueue = false;
        String description = null;
        String metaDataJson = null;
        boolean preview = false;
        if (body != null && body.length > 0) {
            JsonFields fields = new JsonFields(Json.parseObject(body));
            skipQueue = Boolean.TRUE.equals(fields.bool("skip_queue"));
            description = fields.string("description");
            ObjectNode metaData = fields.object("meta_data");
            metaDataJson = metaData == null ? null : Json.compact(metaData);
            preview = Boolean.TRUE.equals(fields.bool("dry_run"));
        }
        boolean skip = skipQueue;
        String text = description;
        String meta = metaDataJson;
        if (preview) {
            return GroupParents.resolve(projection, id).flatMap(target -> dryRun.refund(id, target.isGroup()
                    ? target.legIds() : List.of(new StoredTransaction(id, target.record()).refundRoot())));
        }
        // A split's or bulk batch's id goes as is: its coordinator refunds every leg from the group's own list.
        return StoredTransaction.lookup(projection, id)
                .flatMap(found -> refundOne(found.refundRoot(), skip, text, meta).onErrorMap(found::unresolved))
                .map(record -> JsonResponses.created(TransactionRenderer.render(record)));
    }

    private Mono<TransactionRecord> refundOne(String rootId, boolean skip, String text, String meta) {
        return Mono.defer(() -> {
                    long now = System.currentTimeMillis();
                    TransactionCommand command = TransactionCommand.newBuilder()
                            .setRequestId(UUID.randomUUID().toString())
                            .setAcceptedAtMs(now)
                            .setPayload(RefundTransaction.newBuilder()
                                    .setTransactionId(rootId)
                                    .setDescription(text)
                                    .setMetaDataJson(meta)
                                    .setSkipQueue(skip)
                                    .setCreatedAtMs(now)
                                    .build())
                            .build();
                    return sender.send(rootId, command);
                })
                .map(Replies::recordOf);
    }
}
