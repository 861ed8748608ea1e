package dev.ledgerline.core;

import java.util.List;

/**
 * The hash of a seal record (docs/EVENTS.md, "SealRecord"): a seal binds the chain heads of one
 * partition written since the previous seal, and links to that seal.
 *
 * <p>{@code seal_hash = hex(SHA-256(prev_seal_hash bytes || canonical(partition, seq, sealed_at_ms,
 * then for each head in order: balance_id, version, hash)))}, with the canonical encoding of
 * {@link Canonical}. The heads must be sorted by balance id (the writer sorts them; a verifier
 * recomputes over the order it reads).
 */
public final class SealHash {

    /** One balance's chain head at the time of the seal. */
    public record Head(String balanceId, long version, String hash) {
    }

    private SealHash() {
    }

    public static String of(String prevSealHash, int partition, long seq, long sealedAtMs, List<Head> heads) {
        Canonical canonical = new Canonical().add(partition).add(seq).add(sealedAtMs);
        for (Head head : heads) {
            canonical.add(head.balanceId()).add(head.version()).add(head.hash());
        }
        return canonical.chainHash(prevSealHash);
    }
}
