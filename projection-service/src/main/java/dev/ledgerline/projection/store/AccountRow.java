package dev.ledgerline.projection.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One row of {@code accounts}; an empty {@code name} means the identity's name, which reads derive from
 * {@code identityFields} (identity_type, organization_name, first_name, last_name as stored, personal ones sealed)
 * and {@code tokenizedFields}; both are empty when the identity is gone.
 */
public record AccountRow(String accountId, String name, String number, String bankName, String currency,
                         String ledgerId, String identityId, String balanceId, String metaData, Instant createdAt,
                         Map<String, String> identityFields, List<String> tokenizedFields) {
}
