package dev.ledgerline.projection.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One identity as stored: text fields by JSON name (personal ones sealed), {@code dob} (null when unset), the
 * client's {@code meta_data} and the struct names of the tokenized fields.
 */
public record IdentityRow(String identityId, Map<String, String> fields, Instant dob, String metaData,
                          List<String> tokenizedFields, Instant createdAt) {
}
