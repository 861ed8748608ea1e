package dev.ledgerline.gateway.metadata;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.gateway.error.ApiException;
import dev.ledgerline.gateway.error.ErrorMapper;
import dev.ledgerline.gateway.identities.IdentityCommands;
import dev.ledgerline.gateway.json.Json;
import dev.ledgerline.gateway.json.JsonFields;
import dev.ledgerline.gateway.kafka.LedgerCommandSender;
import dev.ledgerline.gateway.web.JsonResponses;
import dev.ledgerline.gateway.web.LedgerCommands;
import dev.ledgerline.wire.v1.PatchBalanceMetadata;
import dev.ledgerline.wire.v1.PatchLedgerMetadata;
import reactor.core.publisher.Mono;

/**
 * Blnk's {@code POST /{id}/metadata} with {@code {"meta_data": {…}}}: a shallow merge into the entity's
 * {@code meta_data} (top-level keys replaced, {@code null} stored as JSON null), answered with the merged object. The
 * entity's single owner in the processor merges, so two concurrent patches never lose each other's keys (Blnk reads,
 * merges and writes back without a lock), and the change is ledger data: on a public topic and rebuilt by replay.
 * A transaction's or group's patch also reaches the records whose parent is that id, as in Blnk; the answer is the
 * merged object for transactions too (Blnk answers with the patch alone there).
 */
@RestController
public class MetadataController {

    private final LedgerCommandSender sender;
    private final IdentityCommands identities;
    private final TransactionMetadataCommands transactions;

    public MetadataController(LedgerCommandSender sender, IdentityCommands identities,
                              TransactionMetadataCommands transactions) {
        this.sender = sender;
        this.identities = identities;
        this.transactions = transactions;
    }

    @PostMapping("/{id}/metadata")
    public Mono<ResponseEntity<String>> patch(@PathVariable("id") String entityId,
                                              @RequestBody(required = false) byte[] body) {
        MetadataTarget target = MetadataTarget.of(entityId).orElseThrow(() -> ErrorMapper.refusal(400,
                "META_INVALID_ENTITY_ID", "invalid entity ID format: " + entityId));
        ObjectNode patch = new JsonFields(Json.parseObject(body)).object("meta_data");
        if (patch == null) {
            throw ErrorMapper.malformed("meta_data is required", "meta_data");
        }
        long now = System.currentTimeMillis();
        String patchJson = Json.compact(patch);
        Mono<ObjectNode> merged = switch (target) {
            case LEDGER -> LedgerCommands.ledger(sender, entityId, new PatchLedgerMetadata(entityId, patchJson, now), now)
                    .map(ledger -> (ObjectNode) ledger.get("meta_data"));
            case BALANCE -> LedgerCommands.send(sender, entityId, new PatchBalanceMetadata(entityId, patchJson, now), now)
                    .map(reply -> Json.objectOrEmpty(reply.getMetaDataJson()));
            case IDENTITY -> identities.patchMetadata(entityId, patch);
            case TRANSACTION -> transactions.patch(entityId, patchJson, now);
        };
        return merged.onErrorMap(MetadataController::notFound).map(meta -> {
            ObjectNode answer = Json.object();
            answer.set("meta_data", meta);
            return JsonResponses.of(HttpStatus.OK, answer);
        });
    }

    /** Blnk answers one code for any missing entity. */
    private static Throwable notFound(Throwable error) {
        return error instanceof ApiException api && api.status() == 404
                ? ErrorMapper.refusal(404, "META_ENTITY_NOT_FOUND", "entity not found") : error;
    }
}
