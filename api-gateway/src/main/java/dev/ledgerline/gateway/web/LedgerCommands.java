package dev.ledgerline.gateway.web;

import java.util.UUID;

import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.gateway.error.ErrorMapper;
import dev.ledgerline.gateway.json.BlnkTime;
import dev.ledgerline.gateway.json.Json;
import dev.ledgerline.gateway.kafka.LedgerCommandSender;
import dev.ledgerline.wire.v1.LedgerCommand;
import dev.ledgerline.wire.v1.LedgerRecord;
import dev.ledgerline.wire.v1.Reply;
import reactor.core.publisher.Mono;

/** Sends a command about a ledger to its owner and renders the ledger the owner left, as Blnk's ledger object. */
public final class LedgerCommands {

    private LedgerCommands() {
    }

    public static Mono<ObjectNode> ledger(LedgerCommandSender sender, String ledgerId, Object payload, long nowMs) {
        return send(sender, ledgerId, payload, nowMs).map(reply -> {
            if (reply.getLedger() == null) {
                throw ErrorMapper.internal();
            }
            return render(reply.getLedger());
        });
    }

    /** Sends {@code payload} keyed by {@code key}; the accepted reply, or the owner's refusal as an error. */
    public static Mono<Reply> send(LedgerCommandSender sender, String key, Object payload, long nowMs) {
        LedgerCommand command = LedgerCommand.newBuilder().setRequestId(UUID.randomUUID().toString())
                .setIssuedAtMs(nowMs).setPayload(payload).build();
        return sender.send(key, command).map(reply -> {
            if (!reply.getOk()) {
                throw ErrorMapper.fromReply(reply);
            }
            return reply;
        });
    }

    static ObjectNode render(LedgerRecord record) {
        ObjectNode ledger = Json.object();
        ledger.put("ledger_id", record.getLedgerId());
        ledger.put("name", record.getName());
        ledger.put("created_at", BlnkTime.formatMillis(record.getCreatedAtMs()));
        ledger.set("meta_data", Json.objectOrEmpty(record.getMetaDataJson()));
        return ledger;
    }
}
