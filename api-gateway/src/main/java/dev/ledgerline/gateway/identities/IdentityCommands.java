package dev.ledgerline.gateway.identities;

import java.util.UUID;

import org.springframework.stereotype.Component;

import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.gateway.error.ErrorMapper;
import dev.ledgerline.gateway.json.Json;
import dev.ledgerline.gateway.kafka.LedgerCommandSender;
import dev.ledgerline.wire.v1.IdentityRecord;
import dev.ledgerline.wire.v1.LedgerCommand;
import dev.ledgerline.wire.v1.PatchIdentityMetadata;
import dev.ledgerline.wire.v1.Reply;
import reactor.core.publisher.Mono;

/**
 * Identity commands sent to the identities' single owner (the processor's ledger registry, keyed by identity id),
 * answered after its decision. A refusal becomes its Blnk error (404 {@code IDT_NOT_FOUND}, …).
 */
@Component
public class IdentityCommands {

    private final LedgerCommandSender sender;

    public IdentityCommands(LedgerCommandSender sender) {
        this.sender = sender;
    }

    /**
     * {@code POST /{idt_…}/metadata}: shallow-merges {@code patch} into the identity's {@code meta_data} (a
     * {@code tokenized_fields} key in the patch is ignored: the owner keeps that list) and answers the merged
     * {@code meta_data} as reads show it, {@code tokenized_fields} included.
     */
    public Mono<ObjectNode> patchMetadata(String identityId, ObjectNode patch) {
        long now = System.currentTimeMillis();
        return send(identityId, new PatchIdentityMetadata(identityId, Json.compact(patch), now), now)
                .map(identity -> IdentityRendering.metaData(identity.getMetaDataJson(), identity.getTokenizedFields()));
    }

    /** Sends {@code payload} keyed by {@code identityId}; the identity the owner left, or its refusal as an error. */
    Mono<IdentityRecord> send(String identityId, Object payload, long nowMs) {
        LedgerCommand command = LedgerCommand.newBuilder().setRequestId(UUID.randomUUID().toString())
                .setIssuedAtMs(nowMs).setPayload(payload).build();
        return sender.send(identityId, command).map(IdentityCommands::identityOf);
    }

    /** Sends a command whose accepted answer carries no identity (a balance link). */
    Mono<Reply> sendForReply(String key, Object payload, long nowMs) {
        LedgerCommand command = LedgerCommand.newBuilder().setRequestId(UUID.randomUUID().toString())
                .setIssuedAtMs(nowMs).setPayload(payload).build();
        return sender.send(key, command).map(reply -> {
            if (!reply.getOk()) {
                throw ErrorMapper.fromReply(reply);
            }
            return reply;
        });
    }

    private static IdentityRecord identityOf(Reply reply) {
        if (!reply.getOk()) {
            throw ErrorMapper.fromReply(reply);
        }
        if (reply.getIdentity() == null) {
            throw ErrorMapper.internal();
        }
        return reply.getIdentity();
    }
}
