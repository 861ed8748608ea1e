package dev.ledgerline.gateway.metadata;

import java.util.List;
import java.util.Optional;

/** What {@code POST /{id}/metadata} patches, told by the id's prefix as Blnk tells it. */
enum MetadataTarget {
    LEDGER(List.of("ldg_")),
    BALANCE(List.of("bln_")),
    IDENTITY(List.of("idt_")),
    TRANSACTION(List.of("txn_", "bulk_"));

    private final List<String> prefixes;

    MetadataTarget(List<String> prefixes) {
        this.prefixes = prefixes;
    }

    static Optional<MetadataTarget> of(String entityId) {
        for (MetadataTarget target : values()) {
            if (target.prefixes.stream().anyMatch(entityId::startsWith)) {
                return Optional.of(target);
            }
        }
        return Optional.empty();
    }
}
