package dev.ledgerline.projection.identities;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

import dev.ledgerline.core.identity.IdentityField;
import dev.ledgerline.core.identity.PiiException;
import dev.ledgerline.core.identity.StoredPii;
import dev.ledgerline.projection.http.ApiException;
import dev.ledgerline.projection.http.FilterRequest;
import dev.ledgerline.projection.http.ListReads;
import dev.ledgerline.projection.store.IdentityQueries;
import dev.ledgerline.projection.store.IdentityRow;
import reactor.core.publisher.Mono;

/**
 * Blnk's identity reads: {@code GET /identities/{id}}, {@code GET /identities} (paged: default 20, at most 100;
 * Blnk ignores {@code limit} and {@code offset} there and returns every identity), {@code POST /identities/filter},
 * and the tokenization reads ({@code tokenized-fields}, {@code detokenize}). Personal fields are opened here, with
 * the same key the gateway sealed them with.
 */
@RestController
public class IdentityController {

    private final IdentityQueries identities;
    private final PiiKeys keys;

    public IdentityController(IdentityQueries identities, PiiKeys keys) {
        this.identities = identities;
        this.keys = keys;
    }

    @GetMapping("/identities/{id}")
    public Mono<Map<String, Object>> identity(@PathVariable("id") String id) {
        return found(id).map(row -> IdentityJson.of(row, keys.keyring()));
    }

    @GetMapping("/identities")
    public Mono<List<Map<String, Object>>> list(@RequestParam MultiValueMap<String, String> params) {
        return identities.list(ListReads.identities(params)).map(row -> IdentityJson.of(row, keys.keyring()))
                .collectList();
    }

    @PostMapping("/identities/filter")
    public Mono<Object> filter(@RequestBody FilterRequest request) {
        return ListReads.filter(request, identities::list, identities::count, row -> IdentityJson.of(row, keys.keyring()));
    }

    @GetMapping("/identities/{id}/tokenized-fields")
    public Mono<Map<String, Object>> tokenizedFields(@PathVariable("id") String id) {
        return found(id).map(row -> Map.of("tokenized_fields", row.tokenizedFields()));
    }

    @GetMapping("/identities/{id}/detokenize/{field}")
    public Mono<Map<String, Object>> detokenizeField(@PathVariable("id") String id, @PathVariable("field") String field) {
        return found(id).map(row -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("field", field);
            body.put("value", detokenized(row, field));
            return body;
        });
    }

    /** {@code fields} is required; an empty list means every tokenized field, named as stored. */
    @PostMapping("/identities/{id}/detokenize")
    public Mono<Map<String, Object>> detokenizeFields(@PathVariable("id") String id, @RequestBody JsonNode body) {
        List<String> requested = requestedFields(body);
        return found(id).map(row -> {
            Map<String, String> values = new LinkedHashMap<>();
            for (String field : requested.isEmpty() ? row.tokenizedFields() : requested) {
                values.put(field, detokenized(row, field));
            }
            return Map.<String, Object>of("fields", values);
        });
    }

    private Mono<IdentityRow> found(String id) {
        return identities.byId(id).switchIfEmpty(Mono.error(() -> ApiException.notFound("IDT_NOT_FOUND",
                "identity with ID '" + id + "' not found")));
    }

    /**
     * Blnk's checks: the field (first character upper-cased) must be tokenized (400, without Blnk's dump of the
     * whole meta_data), then a key must be configured (403; Blnk answers 500), then the value opens.
     */
    private String detokenized(IdentityRow row, String name) {
        Optional<IdentityField> field = IdentityField.tokenizable(name)
                .filter(f -> row.tokenizedFields().contains(f.structName()));
        if (field.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "IDT_FIELD_NOT_TOKENIZED",
                    "field " + shorten(name) + " is not tokenized");
        }
        if (!keys.enabled()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "IDT_TOKENIZATION_DISABLED", "tokenization is disabled: no "
                    + "tokenization secret of exactly 32 bytes is configured");
        }
        try {
            return StoredPii.read(row.fields().get(field.get().wire()), row.identityId(), field.get(), keys.keyring());
        } catch (PiiException e) {
            throw IdentityJson.unreadable(e);
        }
    }

    private static List<String> requestedFields(JsonNode body) {
        JsonNode fields = body == null ? null : body.get("fields");
        if (fields == null || !fields.isArray()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "GEN_VALIDATION_ERROR",
                    "fields is required: a list of field names ([] for every tokenized field)");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode field : fields) {
            if (!field.isString()) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "GEN_VALIDATION_ERROR", "fields must be field names");
            }
            names.add(field.stringValue());
        }
        return names;
    }

    private static String shorten(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }
}
