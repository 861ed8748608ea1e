package dev.ledgerline.core;

/** Create a balance. {@code indicator} is null unless the balance is an {@code @Name} balance. */
public record OpenBalance(String balanceId, String ledgerId, String currency, String indicator, String identityId,
                          String metaDataJson, long createdAtMs) {
}
