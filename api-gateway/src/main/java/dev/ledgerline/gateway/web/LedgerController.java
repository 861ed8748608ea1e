package dev.ledgerline.gateway.web;

import dev.ledgerline.gateway.access.GeneratedBy;
import org.springframework.web.server.ServerWebExchange;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.core.Ids;
import dev.ledgerline.gateway.error.ErrorMapper;
import dev.ledgerline.gateway.json.BlnkTime;
import dev.ledgerline.gateway.json.Json;
import dev.ledgerline.gateway.json.JsonFields;
import dev.ledgerline.gateway.kafka.LedgerCommandSender;
import dev.ledgerline.wire.v1.CreateLedger;
import dev.ledgerline.wire.v1.RenameLedger;
import dev.ledgerline.wire.v1.LedgerCommand;
import reactor.core.publisher.Mono;

/**
 * {@code POST /ledgers} and {@code PUT /ledgers/{id}} (rename): answered after the processor's ledger registry
 * decided.
 */
@RestController
public class LedgerController {

    private final LedgerCommandSender sender;

    public LedgerController(LedgerCommandSender sender) {
        this.sender = sender;
    }

    @PostMapping("/ledgers")
    public Mono<ResponseEntity<String>> createLedger(@RequestBody(required = false) byte[] body,
                                                     ServerWebExchange exchange) {
        JsonFields fields = new JsonFields(GeneratedBy.tag(Json.parseObject(body), exchange));
        String name = fields.string("name");
        ObjectNode metaData = fields.object("meta_data");
        if (name == null || name.isBlank()) {
            throw ErrorMapper.validation("name: cannot be blank", "name");
        }

        String ledgerId = Ids.ledgerId(UUID.randomUUID());
        long now = System.currentTimeMillis();
        String metaJson = Json.compact(metaData);
        LedgerCommand command = LedgerCommand.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setIssuedAtMs(now)
                .setPayload(CreateLedger.newBuilder()
                        .setLedgerId(ledgerId)
                        .setName(name)
                        .setMetaDataJson(metaJson)
                        .setCreatedAtMs(now)
                        .build())
                .build();

        return sender.send(ledgerId, command).map(reply -> {
            if (!reply.getOk()) {
                throw ErrorMapper.fromReply(reply);
            }
            ObjectNode ledger = Json.object();
            ledger.put("ledger_id", ledgerId);
            ledger.put("name", name);
            ledger.put("created_at", BlnkTime.formatMillis(now));
            ledger.set("meta_data", Json.objectOrEmpty(metaJson));
            return JsonResponses.created(ledger);
        });
    }

    /** Blnk: {@code {"name"}} required; 200 with the whole ledger; an unknown ledger is 404 {@code LGR_NOT_FOUND}. */
    @PutMapping("/ledgers/{id}")
    public Mono<ResponseEntity<String>> renameLedger(@PathVariable("id") String ledgerId,
                                                     @RequestBody(required = false) byte[] body) {
        String name = new JsonFields(Json.parseObject(body)).string("name");
        if (name == null || name.isBlank()) {
            throw ErrorMapper.validation("name: cannot be blank", "name");
        }
        long now = System.currentTimeMillis();
        return LedgerCommands.ledger(sender, ledgerId, new RenameLedger(ledgerId, name, now), now)
                .map(ledger -> JsonResponses.of(HttpStatus.OK, ledger));
    }
}
