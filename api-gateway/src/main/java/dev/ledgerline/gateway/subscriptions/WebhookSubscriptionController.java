package dev.ledgerline.gateway.subscriptions;

import java.util.Optional;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.ledgerline.core.subscriptions.SubscriptionDefinition;
import dev.ledgerline.core.subscriptions.SubscriptionRefusal;
import dev.ledgerline.core.subscriptions.SubscriptionRules;
import dev.ledgerline.gateway.error.ApiException;
import dev.ledgerline.gateway.error.ErrorMapper;
import dev.ledgerline.gateway.json.BlnkTime;
import dev.ledgerline.gateway.json.Json;
import dev.ledgerline.gateway.kafka.LedgerCommandSender;
import dev.ledgerline.gateway.web.ProjectionClient;
import dev.ledgerline.wire.v1.DeleteWebhookSubscription;
import dev.ledgerline.wire.v1.LedgerCommand;
import dev.ledgerline.wire.v1.Reply;
import dev.ledgerline.wire.v1.SaveWebhookSubscription;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Ledgerline's webhook subscriptions, {@code /webhooks/subscriptions} (master key only: {@code AccessPolicy}): more
 * endpoints beside Blnk's single {@code BLNK_WEBHOOK_URL}, each receiving the events it chose. Subscriptions are
 * ledger data: a create, replace or delete is validated here ({@link SubscriptionRules}), then sent as a command to
 * their single owner, the processor's ledger registry (keyed by subscription id), which decides it and publishes it
 * to {@code ledger.webhook-subscriptions}; the answer comes after that decision, and an invalid request writes
 * nothing. Reads are served by projection-service, which follows that topic. Header values are never answered.
 */
@RestController
public class WebhookSubscriptionController {

    static final String ID_PREFIX = "whs_";
    static final String NOT_FOUND = "WEBHOOK_SUBSCRIPTION_NOT_FOUND";
    static final String ALREADY_EXISTS = "WEBHOOK_SUBSCRIPTION_ALREADY_EXISTS";
    /** What a header value reads as in every answer: the values are secrets. */
    static final String REDACTED = "[redacted]";

    private final LedgerCommandSender sender;
    private final ProjectionClient projection;

    public WebhookSubscriptionController(LedgerCommandSender sender, ProjectionClient projection) {
        this.sender = sender;
        this.projection = projection;
    }

    @PostMapping("/webhooks/subscriptions")
    public Mono<ResponseEntity<String>> create(@RequestBody(required = false) byte[] body) {
        SubscriptionDefinition definition = validated(body);
        String id = ID_PREFIX + UUID.randomUUID();
        long now = System.currentTimeMillis();
        return decided(id, save(id, true, definition, now))
                .thenReturn(json(201, render(id, definition, now, now)));
    }

    /** A full replace; the subscription keeps its id, creation time and delivery position. */
    @PutMapping("/webhooks/subscriptions/{id}")
    public Mono<ResponseEntity<String>> update(@PathVariable("id") String id,
                                               @RequestBody(required = false) byte[] body) {
        SubscriptionDefinition definition = validated(body);
        long now = System.currentTimeMillis();
        return decided(id, save(id, false, definition, now))
                // created_at as stored; the projection follows the owner by milliseconds
                .then(projection.webhookSubscription(id).onErrorReturn(Optional.empty()))
                .map(stored -> json(200, render(id, definition,
                        stored.map(s -> BlnkTime.parseOrNull(s.path("created_at").asString(""))).filter(t -> t != null)
                                .map(java.time.Instant::toEpochMilli).orElse(now), now)));
    }

    @DeleteMapping("/webhooks/subscriptions/{id}")
    public Mono<ResponseEntity<String>> delete(@PathVariable("id") String id) {
        return decided(id, command(new DeleteWebhookSubscription(id, System.currentTimeMillis())))
                .thenReturn(ResponseEntity.noContent().<String>build());
    }

    @GetMapping({"/webhooks/subscriptions", "/webhooks/subscriptions/{id}"})
    public Mono<ResponseEntity<byte[]>> read(ServerHttpRequest request) {
        return projection.forward(request);
    }

    private static SubscriptionDefinition validated(byte[] body) {
        SubscriptionRules.Outcome outcome = SubscriptionRules.validate(SubscriptionRequests.read(Json.parseObject(body)));
        if (!outcome.isValid()) {
            throw ErrorMapper.validation(outcome.problem(), outcome.field());
        }
        return outcome.definition();
    }

    private static LedgerCommand save(String id, boolean create, SubscriptionDefinition definition, long now) {
        return command(new SaveWebhookSubscription(id, create, definition.url(), definition.events(),
                definition.headers(), definition.description(), now));
    }

    private static LedgerCommand command(Object payload) {
        return LedgerCommand.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setIssuedAtMs(System.currentTimeMillis())
                .setPayload(payload)
                .build();
    }

    /** Sends the command to the subscription's owner; completes when accepted, fails with its refusal otherwise. */
    private Mono<Void> decided(String id, LedgerCommand command) {
        return sender.send(id, command).flatMap(reply -> reply.getOk() ? Mono.empty()
                : Mono.error(refusal(id, reply)));
    }

    private static ApiException refusal(String id, Reply reply) {
        String code = reply.getCode() == null ? "" : reply.getCode();
        if (SubscriptionRefusal.SUBSCRIPTION_NOT_FOUND.name().equals(code)) {
            return ErrorMapper.refusal(404, NOT_FOUND, "webhook subscription '" + id + "' not found");
        }
        if (SubscriptionRefusal.SUBSCRIPTION_ALREADY_EXISTS.name().equals(code)) {
            return ErrorMapper.refusal(409, ALREADY_EXISTS, "webhook subscription '" + id + "' already exists");
        }
        return ErrorMapper.fromReply(reply);
    }

    /** The subscription as answered (projection-service renders the same fields). */
    static ObjectNode render(String id, SubscriptionDefinition definition, long createdAtMs, long updatedAtMs) {
        ObjectNode json = Json.object();
        json.put("id", id);
        json.put("url", definition.url());
        tools.jackson.databind.node.ArrayNode events = json.putArray("events");
        definition.events().forEach(events::add);
        ObjectNode headers = json.putObject("headers");
        definition.headers().keySet().stream().sorted().forEach(name -> headers.put(name, REDACTED));
        json.put("description", definition.description());
        json.put("created_at", BlnkTime.formatMillis(createdAtMs));
        json.put("updated_at", BlnkTime.formatMillis(updatedAtMs));
        return json;
    }

    private static ResponseEntity<String> json(int status, JsonNode body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Json.write(body));
    }
}
