package dev.ledgerline.gateway.metadata;

import java.util.UUID;

import org.springframework.stereotype.Component;

import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.gateway.error.ApiException;
import dev.ledgerline.gateway.error.ErrorMapper;
import dev.ledgerline.gateway.json.Json;
import dev.ledgerline.gateway.kafka.LedgerCommandSender;
import dev.ledgerline.gateway.web.ProjectionClient;
import dev.ledgerline.wire.v1.PatchTransactionMetadata;
import dev.ledgerline.wire.v1.TransactionCommand;
import reactor.core.publisher.Mono;

/**
 * {@code POST /{txn_…|bulk_…}/metadata}: the patch goes to the coordinator of the patched id, which merges it into the
 * id's earlier patches and publishes them; the projection applies them to the record with that id and its children.
 *
 * <p>The coordinator knows the ids of transactions and groups (splits, bulk batches). An outcome, commit or void record
 * has an id no coordinator holds a lifecycle under: when the coordinator does not know the id, the gateway asks the
 * read model whether such a record exists and, if so, sends the patch again saying so. The read model only answers
 * "does this record exist" (records are never deleted, so a yes cannot become wrong); what is stored is decided by the
 * owner, as for every other command.
 */
@Component
class TransactionMetadataCommands {

    private final LedgerCommandSender sender;
    private final ProjectionClient projection;

    TransactionMetadataCommands(LedgerCommandSender sender, ProjectionClient projection) {
        this.sender = sender;
        this.projection = projection;
    }

    /** The merged meta_data the owner answered with: the record's own, then every patch of its id. */
    Mono<ObjectNode> patch(String id, String patchJson, long nowMs) {
        return send(id, patchJson, false, nowMs).onErrorResume(TransactionMetadataCommands::notFound,
                unknownToOwner -> projection.transaction(id).flatMap(record -> record.isPresent()
                        ? send(id, patchJson, true, nowMs) : Mono.error(unknownToOwner)));
    }

    private Mono<ObjectNode> send(String id, String patchJson, boolean recordSeen, long nowMs) {
        TransactionCommand command = new TransactionCommand(UUID.randomUUID().toString(), nowMs,
                new PatchTransactionMetadata(id, patchJson, recordSeen, nowMs));
        return sender.send(id, command).map(reply -> {
            if (!reply.getOk()) {
                throw ErrorMapper.fromReply(reply);
            }
            return Json.objectOrEmpty(reply.getMetaDataJson());
        });
    }

    private static boolean notFound(Throwable error) {
        return error instanceof ApiException api && api.status() == 404;
    }
}
