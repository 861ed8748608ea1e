package dev.ledgerline.core;

/**
 * The forms of reference that Ledgerline derives from a transaction's own reference or id ({@link Ids}). A client
 * reference of one of these forms would collide with a derived one: {@code x_q} with the outcome record of
 * {@code x} (one of the two then disappears from reads, as references are unique there), {@code <id>_refund} with the
 * refund of {@code <id>} (which it would block), and so on. So a client reference may not take any of these forms
 * ({@link #of}); the derivations in {@link Ids} and {@code lineage.LineageNames} and this check are kept side by side.
 * <p>
 * Split legs ({@code <ref>_1}, {@code <ref>-1}) are deliberately not in this list: a leg's id is derived from its
 * reference exactly like a client transaction's id, so a client reference {@code inv_1} and leg 1 of split
 * {@code inv} meet at the same owner and the later one is refused as a duplicate reference; nothing is hidden or
 * blocked silently, and refusing every reference ending in {@code _<digits>} or {@code -<digits>} (invoice numbers,
 * dates) would refuse ordinary references.
 */
public enum DerivedReference {
    /** {@code <reference>_q}: the outcome record (APPLIED/INFLIGHT/REJECTED) of a queued transaction. */
    OUTCOME("_q"),
    /** {@code <transaction id>_refund}: a refund. */
    REFUND("_refund"),
    /** {@code <reference>_commit_<n>}: the n-th commit of an inflight transaction. */
    COMMIT("_commit_"),
    /** {@code <reference>_void_<n>}: the void of an inflight transaction. */
    VOID("_void_"),
    /** {@code <reference>_dup_<request id>}: the REJECTED record of a duplicate submission. */
    DUPLICATE("_dup_"),
    /** {@code <reference>_shadow_<provider>}: fund lineage's shadow credit of a credit tagged with a provider. */
    LINEAGE_SHADOW("_shadow_"),
    /** {@code <reference>_release_<provider>}: fund lineage's release of a provider's share of a debit. */
    LINEAGE_RELEASE("_release_"),
    /** {@code <reference>_receive_<provider>}: fund lineage's receipt of a provider's share from a tracked source. */
    LINEAGE_RECEIVE("_receive_");

    private final String marker;

    DerivedReference(String marker) {
        this.marker = marker;
    }

    /** The text that marks this form ({@code _q}, {@code _refund}, {@code _commit_}, {@code _void_}, {@code _dup_}). */
    public String marker() {
        return marker;
    }

    /** The derived form {@code reference} takes, or null when a client may use it. Linear in its length. */
    public static DerivedReference of(String reference) {
        if (reference.endsWith(OUTCOME.marker)) {
            return OUTCOME;
        }
        if (reference.endsWith(REFUND.marker)) {
            return REFUND;
        }
        if (endsWithMarkerAndNumber(reference, COMMIT.marker)) {
            return COMMIT;
        }
        if (endsWithMarkerAndNumber(reference, VOID.marker)) {
            return VOID;
        }
        if (reference.contains(DUPLICATE.marker)) {
            return DUPLICATE;
        }
        for (DerivedReference lineage : new DerivedReference[] {LINEAGE_SHADOW, LINEAGE_RELEASE, LINEAGE_RECEIVE}) {
            if (hasMarkerAndText(reference, lineage.marker)) {
                return lineage;
            }
        }
        return null;
    }

    /**
     * A lineage marker followed by anything: the provider is the client's own text (any name without whitespace), so
     * every reference of that shape could be some credit's or debit's shadow transaction.
     */
    private static boolean hasMarkerAndText(String reference, String marker) {
        int at = reference.indexOf(marker);
        return at >= 0 && at + marker.length() < reference.length();
    }

    private static boolean endsWithMarkerAndNumber(String reference, String marker) {
        int at = reference.lastIndexOf(marker);
        if (at < 0 || at + marker.length() == reference.length()) {
            return false;
        }
        for (int i = at + marker.length(); i < reference.length(); i++) {
            if (reference.charAt(i) < '0' || reference.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
