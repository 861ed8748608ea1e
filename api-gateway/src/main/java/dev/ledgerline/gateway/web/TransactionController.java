package dev.ledgerline.gateway.web;

import dev.ledgerline.gateway.access.GeneratedBy;
import org.springframework.web.server.ServerWebExchange;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.core.TransactionStatus;
import dev.ledgerline.core.TransactionLifecycle;
import dev.ledgerline.gateway.error.ErrorMapper;
import dev.ledgerline.gateway.json.Json;
import dev.ledgerline.gateway.kafka.CommandPublisher;
import dev.ledgerline.gateway.kafka.LedgerCommandSender;
import dev.ledgerline.schemas.TransactionGroups;
import dev.ledgerline.schemas.TransactionRecords;
import dev.ledgerline.wire.v1.RecordTransaction;
import dev.ledgerline.wire.v1.Reply;
import dev.ledgerline.wire.v1.StartGroup;
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
 *   <li>A split ({@code sources}/{@code destinations}) is ONE {@code StartGroup} command: its legs
 *       ({@code ref_1}, {@code ref_2}…; {@code ref-1}… with skip_queue) all apply or none does. The answer is
 *       Blnk's split object (not a stored record, as in Blnk) with each distribution's leg id.</li>
 * </ul>
 */
@RestController
public class TransactionController {

    private final CommandPublisher publisher;
    private final LedgerCommandSender sender;
    private final DryRun dryRun;

    public TransactionController(CommandPublisher publisher, LedgerCommandSender sender, DryRun dryRun) {
        this.publisher = publisher;
        this.sender = sender;
        this.dryRun = dryRun;
    }

    @PostMapping("/transactions")
    public Mono<ResponseEntity<String>> recordTransaction(@RequestBody(required = false) byte[] body,
                                                          ServerWebExchange exchange) {
        TransactionRequest request = TransactionRequest.validate(GeneratedBy.tag(Json.parseObject(body), exchange));
        if (request.dryRun) {
            return dryRun.create(request);
        }
        long now = System.currentTimeMillis();
        TransactionSpec spec = TransactionSpecs.of(request, now);
        if (request.split != null) {
            return recordSplit(request, spec, now);
        }
        TransactionCommand command = new TransactionCommand(UUID.randomUUID().toString(), now,
                new RecordTransaction(spec, request.skipQueue));
        if (request.skipQueue) {
            return sender.send(spec.getTransactionId(), command)
                    .map(reply -> JsonResponses.created(TransactionRenderer.render(Replies.recordOf(reply))));
        }
        return publisher.publishTransactionCommand(spec.getTransactionId(), command)
                .map(acknowledged -> JsonResponses.created(TransactionRenderer.render(TransactionRecords.queued(spec))));
    }

    private Mono<ResponseEntity<String>> recordSplit(TransactionRequest request, TransactionSpec parent, long now) {
        SplitSide split = request.split;
        List<TransactionSpec> legs = TransactionGroups.splitLegs(parent, split.sources, split.ends, split.shares);
        String groupId = parent.getTransactionId();
        TransactionCommand command = new TransactionCommand(UUID.randomUUID().toString(), now, new StartGroup(groupId,
                TransactionGroups.SPLIT, parent.getReference(), true, request.skipQueue, legs, now));
        ObjectNode body = renderSplit(parent, split, legs.stream().map(TransactionSpec::getTransactionId).toList());
        if (request.skipQueue) {
            body.put("status", (request.inflight ? TransactionStatus.INFLIGHT : TransactionStatus.APPLIED).name());
            return sender.send(groupId, command).map(reply -> JsonResponses.created(okOrThrow(reply, body)));
        }
        return publisher.publishTransactionCommand(groupId, command).map(acknowledged -> JsonResponses.created(body));
    }

    private static ObjectNode renderSplit(TransactionSpec parent, SplitSide split, List<String> legIds) {
        ObjectNode body = TransactionRenderer.render(TransactionRecords.queued(parent));
        body.remove(split.sources ? "source" : "destination");
        body.set(split.sources ? "sources" : "destinations", split.render(legIds));
        body.put("atomic", true);
        return body;
    }

    private static ObjectNode okOrThrow(Reply reply, ObjectNode body) {
        if (!reply.getOk()) {
            throw ErrorMapper.fromReply(reply);
        }
        return body;
    }
}
