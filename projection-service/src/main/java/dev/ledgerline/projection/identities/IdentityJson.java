package dev.ledgerline.projection.identities;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.core.identity.IdentityView;
import dev.ledgerline.core.identity.PiiException;
import dev.ledgerline.core.identity.PiiKeyring;
import dev.ledgerline.projection.http.ApiException;
import dev.ledgerline.projection.http.BlnkTime;
import dev.ledgerline.projection.store.IdentityRow;

import org.springframework.http.HttpStatus;

/**
 * Blnk's Identity JSON of a stored identity: personal fields opened, tokenized ones shown as their token, and
 * {@code meta_data.tokenized_fields} ({@code {"PhoneNumber": true}}) when any field is tokenized.
 */
public final class IdentityJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private IdentityJson() {
    }

    public static Map<String, Object> of(IdentityRow row, Optional<PiiKeyring> keyring) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("identity_id", row.identityId());
        body.putAll(shown(row, keyring));
        body.put("dob", row.dob() == null ? BlnkTime.ZERO : BlnkTime.format(row.dob()));
        body.put("created_at", BlnkTime.format(row.createdAt()));
        body.put("meta_data", metaData(row.metaData(), row.tokenizedFields()));
        return body;
    }

    /** Blnk's embedded identity ({@code GET /balances/{id}?include=identity}): no {@code identity_type}, no meta_data. */
    public static Map<String, Object> embedded(IdentityRow row, Optional<PiiKeyring> keyring) {
        Map<String, Object> body = of(row, keyring);
        body.remove("identity_type");
        body.remove("meta_data");
        return body;
    }

    static ObjectNode metaData(String metaJson, List<String> tokenized) {
        JsonNode parsed = metaJson == null ? null : JSON.readTree(metaJson);
        ObjectNode metaData = parsed instanceof ObjectNode object ? object : JSON.createObjectNode();
        if (!tokenized.isEmpty()) {
            ObjectNode fields = metaData.putObject("tokenized_fields");
            tokenized.forEach(name -> fields.put(name, true));
        }
        return metaData;
    }

    private static Map<String, String> shown(IdentityRow row, Optional<PiiKeyring> keyring) {
        try {
            return IdentityView.fields(row.identityId(), row.fields(), Set.copyOf(row.tokenizedFields()), keyring);
        } catch (PiiException e) {
            throw unreadable(e);
        }
    }

    /** A sealed value this service cannot open: its key is not configured here (never the client's fault). */
    static ApiException unreadable(PiiException e) {
        return new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "IDT_KEY_UNAVAILABLE",
                "personal data of this identity cannot be opened: " + e.getMessage()
                        + " (BLNK_TOKENIZATION_SECRET must be the gateway's; older keys in "
                        + "LEDGERLINE_TOKENIZATION_PREVIOUS_SECRETS)");
    }
}
