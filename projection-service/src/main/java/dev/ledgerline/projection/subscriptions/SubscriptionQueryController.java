package dev.ledgerline.projection.subscriptions;

import java.time.Instant;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.ledgerline.projection.http.BlnkTime;
import dev.ledgerline.wire.v1.WebhookSubscriptionRecord;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /webhooks/subscriptions} and {@code GET /webhooks/subscriptions/{id}} (the gateway forwards them; it
 * checked the master key), from {@link SubscriptionDirectory}. Header values are secrets: only their names are
 * shown, each with the value {@value #REDACTED}.
 */
@RestController
public class SubscriptionQueryController {

    static final String REDACTED = "[redacted]";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SubscriptionDirectory directory;

    public SubscriptionQueryController(SubscriptionDirectory directory) {
        this.directory = directory;
    }

    @GetMapping("/webhooks/subscriptions/{id}")
    public ResponseEntity<String> subscription(@PathVariable("id") String id) {
        return directory.byId(id).map(found -> json(200, render(found).toString())).orElseGet(() -> notFound(id));
    }

    @GetMapping("/webhooks/subscriptions")
    public ResponseEntity<String> list() {
        ArrayNode list = JSON.createArrayNode();
        directory.all().forEach(subscription -> list.add(render(subscription)));
        return json(200, list.toString());
    }

    /** The same fields, in the same order, as the gateway answers a create or replace. */
    static ObjectNode render(WebhookSubscriptionRecord subscription) {
        ObjectNode json = JSON.createObjectNode();
        json.put("id", subscription.getSubscriptionId());
        json.put("url", subscription.getUrl());
        ArrayNode events = json.putArray("events");
        subscription.getEvents().forEach(event -> events.add(event.toString()));
        ObjectNode headers = json.putObject("headers");
        subscription.getHeaders().keySet().stream().map(CharSequence::toString).sorted()
                .forEach(name -> headers.put(name, REDACTED));
        json.put("description", subscription.getDescription());
        json.put("created_at", BlnkTime.format(Instant.ofEpochMilli(subscription.getCreatedAtMs())));
        json.put("updated_at", BlnkTime.format(Instant.ofEpochMilli(subscription.getUpdatedAtMs())));
        return json;
    }

    /** Blnk's envelope, code {@code WEBHOOK_SUBSCRIPTION_NOT_FOUND}. */
    private static ResponseEntity<String> notFound(String id) {
        ObjectNode body = JSON.createObjectNode();
        String message = "webhook subscription '" + id + "' not found";
        body.put("error", message);
        ObjectNode detail = body.putObject("error_detail");
        detail.put("code", "WEBHOOK_SUBSCRIPTION_NOT_FOUND");
        detail.put("message", message);
        detail.putObject("details");
        return json(404, body.toString());
    }

    private static ResponseEntity<String> json(int status, String body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
