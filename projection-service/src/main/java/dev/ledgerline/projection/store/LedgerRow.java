package dev.ledgerline.projection.store;

import java.time.Instant;

/** A row of {@code ledgers}; {@code metaDataJson} is the stored JSON object as text. */
public record LedgerRow(String ledgerId, String name, Instant createdAt, String metaDataJson) {
}
