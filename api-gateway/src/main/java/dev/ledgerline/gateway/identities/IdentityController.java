package dev.ledgerline.gateway.identities;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.core.Ids;
import dev.ledgerline.core.identity.IdentityField;
import dev.ledgerline.core.input.TextRules;
import dev.ledgerline.gateway.error.ErrorMapper;
import dev.ledgerline.gateway.json.Json;
import dev.ledgerline.gateway.json.JsonFields;
import dev.ledgerline.gateway.web.JsonResponses;
import dev.ledgerline.gateway.web.ProjectionClient;
import dev.ledgerline.wire.v1.CreateIdentity;
import dev.ledgerline.wire.v1.DeleteIdentity;
import dev.ledgerline.wire.v1.LinkBalanceIdentity;
import dev.ledgerline.wire.v1.TokenizeIdentityFields;
import dev.ledgerline.wire.v1.UpdateIdentity;
import reactor.core.publisher.Mono;

/**
 * Blnk's identities ({@code /identities}, scope {@code identities}) and {@code PUT /balances/{id}/identity}. Writes
 * are validated here, personal fields sealed ({@link PiiKeys}), then decided by the identities' single owner in the
 * processor; the answer comes after its decision. Reads, detokenization included, are served by projection-service,
 * which holds the key to open personal fields.
 */
@RestController
public class IdentityController {

    static final String IDT_VALIDATION_ERROR = "IDT_VALIDATION_ERROR";
    static final String IDT_FIELD_NOT_TOKENIZABLE = "IDT_FIELD_NOT_TOKENIZABLE";

    private final IdentityCommands commands;
    private final PiiKeys keys;
    private final ProjectionClient projection;

    public IdentityController(IdentityCommands commands, PiiKeys keys, ProjectionClient projection) {
        this.commands = commands;
        this.keys = keys;
        this.projection = projection;
    }

    @PostMapping("/identities")
    public Mono<ResponseEntity<String>> create(@RequestBody(required = false) byte[] body) {
        ObjectNode json = Json.parseObject(body);
        String id = chosenId(json.get("identity_id"));
        IdentityInput input = IdentityInput.read(json, id, keys.keyring());
        long now = System.currentTimeMillis();
        CreateIdentity create = new CreateIdentity(id, input.fields(), input.dobMs(),
                input.metaJson() == null ? "{}" : input.metaJson(), now);
        return commands.send(id, create, now).map(identity ->
                JsonResponses.created(IdentityRendering.identity(identity, keys.keyring())));
    }

    /** Blnk's PUT: only non-empty strings and a non-zero dob are written; meta_data replaces the stored one. */
    @PutMapping("/identities/{id}")
    public Mono<ResponseEntity<String>> update(@PathVariable("id") String id,
                                               @RequestBody(required = false) byte[] body) {
        requireId(id);
        IdentityInput input = IdentityInput.read(Json.parseObject(body), id, keys.keyring());
        if (input.isEmpty()) {
            throw ErrorMapper.refusal(400, "GEN_BAD_REQUEST", "No fields provided for update");
        }
        long now = System.currentTimeMillis();
        return commands.send(id, new UpdateIdentity(id, input.fields(), input.dobMs(), input.metaJson(), now), now)
                .map(identity -> message("Identity updated successfully"));
    }

    /** Refused (409 {@code IDT_IN_USE}) while a balance names the identity; Blnk answers a foreign-key 500. */
    @DeleteMapping("/identities/{id}")
    public Mono<ResponseEntity<String>> delete(@PathVariable("id") String id) {
        requireId(id);
        long now = System.currentTimeMillis();
        return commands.send(id, new DeleteIdentity(id, now), now)
                .map(identity -> message("Identity deleted successfully"));
    }

    @PostMapping("/identities/{id}/tokenize/{field}")
    public Mono<ResponseEntity<String>> tokenizeField(@PathVariable("id") String id,
                                                      @PathVariable("field") String field) {
        requireId(id);
        return tokenize(id, List.of(tokenizable(field)), "Field tokenized successfully");
    }

    @PostMapping("/identities/{id}/tokenize")
    public Mono<ResponseEntity<String>> tokenizeFields(@PathVariable("id") String id,
                                                       @RequestBody(required = false) byte[] body) {
        requireId(id);
        List<IdentityField> fields = new ArrayList<>();
        for (String name : names(Json.parseObject(body))) {
            fields.add(tokenizable(name));
        }
        if (fields.isEmpty()) {
            throw ErrorMapper.refusal(400, ErrorMapper.GEN_VALIDATION_ERROR, "at least one field must be specified");
        }
        return tokenize(id, fields, "Fields tokenized successfully");
    }

    private Mono<ResponseEntity<String>> tokenize(String id, List<IdentityField> fields, String success) {
        long now = System.currentTimeMillis();
        List<String> names = fields.stream().map(IdentityField::structName).distinct().toList();
        return commands.send(id, new TokenizeIdentityFields(id, names, keys.enabled(), now), now)
                .map(identity -> message(success));
    }

    /** {@code PUT /balances/{id}/identity}: decided by the identity's owner, then by the balance's worker. */
    @PutMapping("/balances/{id}/identity")
    public Mono<ResponseEntity<String>> linkBalance(@PathVariable("id") String balanceId,
                                                    @RequestBody(required = false) byte[] body) {
        requireId(balanceId);
        String identityId = new JsonFields(Json.parseObject(body)).string("identity_id");
        if (identityId == null || identityId.isBlank()) {
            throw ErrorMapper.validation("identity_id: cannot be blank", "identity_id");
        }
        long now = System.currentTimeMillis();
        return commands.sendForReply(identityId, new LinkBalanceIdentity(identityId, balanceId, now), now)
                .map(reply -> message("Balance identity updated successfully"));
    }

    @GetMapping({"/identities", "/identities/{id}", "/identities/{id}/tokenized-fields",
            "/identities/{id}/detokenize/{field}"})
    public Mono<ResponseEntity<byte[]>> read(ServerHttpRequest request) {
        return projection.forward(request);
    }

    /** Reads with a body: the filter DSL and detokenization of several fields. */
    @PostMapping({"/identities/filter", "/identities/{id}/detokenize"})
    public Mono<ResponseEntity<byte[]>> readWithBody(ServerHttpRequest request,
                                                     @RequestBody(required = false) byte[] body) {
        byte[] forwarded = body == null || body.length == 0 ? "{}".getBytes() : body;
        Json.parseObject(forwarded); // depth, characters and lengths checked before the projection sees it
        return projection.forwardWithBody(request, forwarded);
    }

    /** Blnk: optional, and then {@code idt_} followed by a UUID; a new id otherwise. */
    private static String chosenId(JsonNode given) {
        if (given == null || given.isNull() || (given.isString() && given.stringValue().isEmpty())) {
            return Ids.identityId(UUID.randomUUID());
        }
        if (!given.isString() || !Ids.isIdentityId(given.stringValue())) {
            throw ErrorMapper.refusal(400, IDT_VALIDATION_ERROR,
                    "identity_id must be idt_ followed by a valid UUID");
        }
        return given.stringValue();
    }

    /** Blnk's rule: the first character upper-cased, then a tokenizable struct name. */
    private static IdentityField tokenizable(String name) {
        return IdentityField.tokenizable(name).orElseThrow(() -> ErrorMapper.refusal(400, IDT_FIELD_NOT_TOKENIZABLE,
                "field " + shorten(name) + " is not tokenizable"));
    }

    private static List<String> names(ObjectNode body) {
        JsonNode fields = body.get("fields");
        List<String> names = new ArrayList<>();
        if (fields == null || fields.isNull()) {
            return names;
        }
        if (!fields.isArray()) {
            throw ErrorMapper.malformed("fields must be an array of field names", "fields");
        }
        for (JsonNode field : fields) {
            if (!field.isString()) {
                throw ErrorMapper.malformed("fields must be an array of field names", "fields");
            }
            names.add(field.stringValue());
        }
        return names;
    }

    private static void requireId(String id) {
        if (TextRules.identifierProblem(id) != null) {
            throw ErrorMapper.malformed("id " + TextRules.identifierProblem(id), "id");
        }
    }

    private static String shorten(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }

    private static ResponseEntity<String> message(String text) {
        ObjectNode body = Json.object();
        body.put("message", text);
        return JsonResponses.of(HttpStatus.OK, body);
    }
}
