package dev.ledgerline.gateway.access;

import dev.ledgerline.gateway.kafka.LedgerCommandSender;
import dev.ledgerline.wire.v1.CreateApiKey;
import dev.ledgerline.wire.v1.LedgerCommand;
import dev.ledgerline.wire.v1.Reply;
import dev.ledgerline.wire.v1.RevokeApiKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.core.access.ApiKeySecrets;
import dev.ledgerline.gateway.error.ErrorMapper;
import dev.ledgerline.gateway.json.BlnkTime;
import dev.ledgerline.gateway.json.Json;
import dev.ledgerline.gateway.json.JsonFields;
import dev.ledgerline.core.access.ApiKeyLifecycle;
import dev.ledgerline.wire.v1.ApiKeyRecord;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api-keys}, {@code GET /api-keys?owner=}, {@code DELETE /api-keys/{id}?owner=} with Blnk's rules
 * (a scoped key manages only its own owner's keys and grants no scope it lacks). The plaintext key is in the 201
 * only; what is sent (and stored) is its digest, and the list never returns it. Creation and revocation are commands
 * to the keys' single owner, the processor's ledger registry, which publishes each key's state to
 * {@code ledger.api-keys}; the answer comes after its decision.
 */
@RestController
public class ApiKeyController {

    static final int MAX_TEXT = 255;
    static final int MAX_SCOPES = 64;

    private final LedgerCommandSender sender;
    private final ApiKeyDirectory directory;
    private final ApiKeySecrets secrets;

    public ApiKeyController(LedgerCommandSender sender, ApiKeyDirectory directory, GatewayAccess access) {
        this.sender = sender;
        this.directory = directory;
        this.secrets = access.secrets();
    }

    @PostMapping("/api-keys")
    public Mono<ResponseEntity<String>> create(@RequestBody(required = false) byte[] body, ServerWebExchange exchange) {
        JsonFields fields = new JsonFields(Json.parseObject(body));
        String name = requiredText(fields.string("name"), "name");
        String owner = requiredText(fields.string("owner"), "owner");
        List<String> scopes = scopes(Json.parseObject(body).get("scopes"));
        Instant expiresAt = BlnkTime.parseOrNull(requiredText(fields.string("expires_at"), "expires_at"));
        if (expiresAt == null) {
            throw ErrorMapper.malformed("expires_at must be an RFC 3339 date-time in the years 0001-9999", "expires_at");
        }
        Caller caller = Caller.of(exchange);
        if (!caller.isMaster()) {
            requireOwnOwner(caller, owner);
            if (!caller.apiKey().mayGrant(scopes)) {
                throw ErrorMapper.refusal(403, "AUTH_SCOPE_ESCALATION", "cannot grant scopes broader than caller");
            }
        }
        String key = ApiKeySecrets.newKey();
        long now = System.currentTimeMillis();
        ApiKeyRecord record = ApiKeyRecord.newBuilder()
                .setApiKeyId("api_key_" + UUID.randomUUID())
                .setKeyDigest(secrets.digest(key))
                .setName(name)
                .setOwnerId(owner)
                .setScopes(new ArrayList<>(scopes))
                .setExpiresAtMs(expiresAt.toEpochMilli())
                .setCreatedAtMs(now)
                .setRevoked(false)
                .setRevokedAtMs(null)
                .build();
        CreateApiKey create = new CreateApiKey(record.getApiKeyId(), record.getKeyDigest(), record.getName(),
                record.getOwnerId(), record.getScopes(), record.getExpiresAtMs(), record.getCreatedAtMs());
        return decided(record.getApiKeyId().toString(), create).map(reply -> {
            // this instance answers from its own view at once; every instance gets the record from the topic
            directory.apply(record);
            ObjectNode answer = render(record);
            answer.put("key", key); // shown once, never stored
            return ResponseEntity.status(201).contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                    .body(Json.write(reorder(answer)));
        });
    }

    @GetMapping("/api-keys")
    public ResponseEntity<String> list(@RequestParam(name = "owner", required = false) String owner,
                                       ServerWebExchange exchange) {
        String effectiveOwner = ownerFor(Caller.of(exchange), owner);
        List<ApiKeyRecord> keys = directory.ofOwner(effectiveOwner);
        if (keys.isEmpty()) {
            return json(200, "null"); // Blnk answers a nil slice
        }
        ArrayNode list = Json.MAPPER.createArrayNode();
        keys.forEach(k -> list.add(render(k)));
        return json(200, Json.write(list));
    }

    @DeleteMapping("/api-keys/{id}")
    public Mono<ResponseEntity<String>> revoke(@PathVariable("id") String id,
                                               @RequestParam(name = "owner", required = false) String owner,
                                               ServerWebExchange exchange) {
        String effectiveOwner = ownerFor(Caller.of(exchange), owner);
        long now = System.currentTimeMillis();
        Optional<ApiKeyRecord> existing = directory.byId(id);
        // the owner's rules, applied to this gateway's view first so an unknown key costs no round trip
        ApiKeyLifecycle.Revocation revocation = ApiKeyLifecycle.revoke(existing.map(ApiKeyController::stored),
                effectiveOwner, now);
        if (!revocation.isAccepted()) {
            throw ErrorMapper.rejection(revocation.refusal(), null);
        }
        ApiKeyRecord revoked = ApiKeyRecord.newBuilder(existing.get())
                .setRevoked(true).setRevokedAtMs(revocation.revokedAtMs()).build();
        return decided(id, new RevokeApiKey(id, effectiveOwner, now)).map(reply -> {
            directory.apply(revoked);
            return ResponseEntity.noContent().<String>build();
        });
    }

    private static ApiKeyLifecycle.Stored stored(ApiKeyRecord key) {
        return new ApiKeyLifecycle.Stored(key.getOwnerId(), key.getRevoked(), key.getRevokedAtMs());
    }

    /** Sends the command to the keys' owner (keyed by the key id) and fails with its refusal, if any. */
    private Mono<Reply> decided(String apiKeyId, Object payload) {
        LedgerCommand command = LedgerCommand.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setIssuedAtMs(System.currentTimeMillis())
                .setPayload(payload)
                .build();
        return sender.send(apiKeyId, command).map(reply -> {
            if (!reply.getOk()) {
                throw ErrorMapper.fromReply(reply);
            }
            return reply;
        });
    }

    /** The master names the owner; a scoped key may only name its own (and defaults to it). */
    private static String ownerFor(Caller caller, String owner) {
        if (caller.isMaster()) {
            if (owner == null || owner.isEmpty()) {
                throw ErrorMapper.refusal(400, "APIKEY_OWNER_REQUIRED", "owner is required");
            }
            return owner;
        }
        if (owner != null && !owner.isEmpty()) {
            requireOwnOwner(caller, owner);
        }
        return caller.apiKey().ownerId();
    }

    private static void requireOwnOwner(Caller caller, String owner) {
        if (!caller.apiKey().ownerId().equals(owner)) {
            throw ErrorMapper.refusal(403, "AUTH_CROSS_OWNER_ACCESS", "cannot manage API keys for another owner");
        }
    }

    private static String requiredText(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw ErrorMapper.malformed(field + " is required", field);
        }
        if (value.length() > MAX_TEXT || value.chars().anyMatch(Character::isISOControl)) {
            throw ErrorMapper.malformed(field + " must be at most " + MAX_TEXT + " printable characters", field);
        }
        return value;
    }

    private static List<String> scopes(JsonNode node) {
        if (node == null || !node.isArray()) {
            throw ErrorMapper.malformed("scopes is required (an array of resource:action strings)", "scopes");
        }
        if (node.size() > MAX_SCOPES) {
            throw ErrorMapper.malformed("scopes has at most " + MAX_SCOPES + " entries", "scopes");
        }
        List<String> scopes = new ArrayList<>();
        for (JsonNode scope : node) {
            if (!scope.isString()) {
                throw ErrorMapper.malformed("every scope is a string", "scopes");
            }
            scopes.add(requiredText(scope.stringValue(), "scopes"));
        }
        return scopes;
    }

    private static ObjectNode render(ApiKeyRecord key) {
        ObjectNode json = Json.object();
        json.put("api_key_id", key.getApiKeyId().toString());
        json.put("name", key.getName().toString());
        json.put("owner_id", key.getOwnerId().toString());
        ArrayNode scopes = json.putArray("scopes");
        key.getScopes().forEach(s -> scopes.add(s.toString()));
        json.put("expires_at", BlnkTime.formatMillis(key.getExpiresAtMs()));
        json.put("created_at", BlnkTime.formatMillis(key.getCreatedAtMs()));
        // Not tracked (Blnk's is unreliable): a write per request would cost more than it tells.
        json.put("last_used_at", BlnkTime.ZERO);
        json.put("is_revoked", key.getRevoked());
        if (key.getRevokedAtMs() != null) {
            json.put("revoked_at", BlnkTime.formatMillis(key.getRevokedAtMs()));
        }
        return json;
    }

    /** Blnk's field order: api_key_id, key, name, … */
    private static ObjectNode reorder(ObjectNode withKey) {
        ObjectNode ordered = Json.object();
        ordered.set("api_key_id", withKey.get("api_key_id"));
        ordered.set("key", withKey.get("key"));
        withKey.properties().forEach(e -> {
            if (!ordered.has(e.getKey())) {
                ordered.set(e.getKey(), e.getValue());
            }
        });
        return ordered;
    }

    private static ResponseEntity<String> json(int status, String body) {
        return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_JSON).body(body);
    }
}
