package dev.ledgerline.gateway.identities;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.core.identity.IdentityView;
import dev.ledgerline.core.identity.PiiKeyring;
import dev.ledgerline.gateway.json.BlnkTime;
import dev.ledgerline.gateway.json.Json;
import dev.ledgerline.wire.v1.IdentityRecord;

/** Blnk's Identity JSON of an identity the owner just decided (projection-service renders stored ones alike). */
final class IdentityRendering {

    private IdentityRendering() {
    }

    static ObjectNode identity(IdentityRecord identity, Optional<PiiKeyring> keyring) {
        ObjectNode body = Json.object();
        body.put("identity_id", identity.getIdentityId());
        IdentityView.fields(identity.getIdentityId(), identity.getFields(), Set.copyOf(identity.getTokenizedFields()),
                keyring).forEach(body::put);
        body.put("dob", identity.getDobMs() == null ? BlnkTime.ZERO : BlnkTime.formatMillis(identity.getDobMs()));
        body.put("created_at", BlnkTime.formatMillis(identity.getCreatedAtMs()));
        body.set("meta_data", metaData(identity.getMetaDataJson(), identity.getTokenizedFields()));
        return body;
    }

    /** The client's meta_data with Blnk's {@code tokenized_fields} map ({@code {"PhoneNumber": true}}) when any. */
    static ObjectNode metaData(String metaJson, List<String> tokenized) {
        ObjectNode metaData = Json.objectOrEmpty(metaJson);
        if (!tokenized.isEmpty()) {
            ObjectNode fields = metaData.putObject("tokenized_fields");
            tokenized.forEach(name -> fields.put(name, true));
        }
        return metaData;
    }
}
