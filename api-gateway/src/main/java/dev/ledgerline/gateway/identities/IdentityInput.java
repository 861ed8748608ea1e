package dev.ledgerline.gateway.identities;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.core.identity.IdentityField;
import dev.ledgerline.core.identity.PiiKeyring;
import dev.ledgerline.core.identity.StoredPii;
import dev.ledgerline.core.input.TextRules;
import dev.ledgerline.gateway.error.ErrorMapper;
import dev.ledgerline.gateway.json.BlnkTime;
import dev.ledgerline.gateway.json.Json;
import dev.ledgerline.gateway.json.JsonFields;

/**
 * An identity request body read with Blnk's rules, personal fields already sealed for the identity they belong to.
 * Nothing personal leaves this class in clear.
 *
 * @param fields   text fields to write, by JSON name, as stored ({@link StoredPii}); empty strings left out (Blnk's
 *                 PUT never writes them; a create stores them as absent, which reads the same)
 * @param dobMs    the date of birth (midnight UTC of its day), or null when absent or Go's zero time
 * @param metaJson the {@code meta_data} object without {@code tokenized_fields}, or null when absent
 */
record IdentityInput(Map<String, String> fields, Long dobMs, String metaJson) {

    private static final SecureRandom RANDOM = new SecureRandom();

    static IdentityInput read(ObjectNode body, String identityId, Optional<PiiKeyring> keyring) {
        JsonFields json = new JsonFields(body);
        Map<String, String> fields = new HashMap<>();
        for (IdentityField field : IdentityField.values()) {
            String value = json.string(field.wire());
            if (value == null || value.isEmpty()) {
                continue;
            }
            String problem = TextRules.textProblem(value);
            if (problem != null) {
                throw ErrorMapper.malformed(field.wire() + " " + problem, field.wire()); // the value is not echoed
            }
            fields.put(field.wire(), field.personal()
                    ? StoredPii.store(value, identityId, field, keyring, RANDOM) : value);
        }
        ObjectNode metaData = json.object("meta_data");
        String metaJson = null;
        if (metaData != null) {
            ObjectNode own = metaData.deepCopy();
            own.remove("tokenized_fields"); // kept by the identity's owner; reads show it
            metaJson = Json.compact(own);
        }
        return new IdentityInput(fields, dob(body.get("dob")), metaJson);
    }

    boolean isEmpty() {
        return fields.isEmpty() && dobMs == null && metaJson == null;
    }

    /** Blnk binds {@code dob} as an RFC 3339 date-time ({@code "1990-01-01"} alone is a 400) and stores its date. */
    private static Long dob(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        Instant instant = node.isString() ? BlnkTime.parseOrNull(node.stringValue()) : null;
        if (instant == null) {
            throw ErrorMapper.malformed("dob: must be an RFC 3339 date-time, e.g. 1990-01-01T00:00:00Z", "dob");
        }
        if (instant.equals(BlnkTime.EARLIEST)) {
            return null; // Go's zero time: not written, as in Blnk
        }
        return instant.atOffset(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
}
