package dev.ledgerline.core.identity;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.ledgerline.core.RejectionReason;

/**
 * What the single owner of identities (the processor's ledger registry, keyed by identity id) decides. Pure: the
 * stored state is an argument. A deleted identity is gone: it is not found, and its id is never reused.
 *
 * <p>Tokenized fields are kept beside {@code meta_data}, not inside it: reads show them as
 * {@code meta_data.tokenized_fields} (Blnk's shape), and no update or patch of {@code meta_data} can wipe them.
 */
public final class IdentityLifecycle {

    private IdentityLifecycle() {
    }

    /**
     * What the owner holds of one identity.
     *
     * @param tokenized   struct names of the tokenized fields ({@code PhoneNumber})
     * @param balanceIds  the balances that name this identity (known to the owner: every link goes through it, and
     *                    the balance worker tells it when a balance opens with, or leaves, the identity)
     */
    public record Stored(boolean deleted, Set<String> tokenized, Set<String> balanceIds) {

        public Stored {
            tokenized = Set.copyOf(tokenized);
            balanceIds = Set.copyOf(balanceIds);
        }

        boolean exists() {
            return !deleted;
        }
    }

    /** The id must be new: a live or a deleted identity's id is refused (ids are never reused). */
    public static Optional<RejectionReason> create(Optional<Stored> stored) {
        return stored.isPresent() ? Optional.of(RejectionReason.IDENTITY_ALREADY_EXISTS) : Optional.empty();
    }

    /** Update, metadata patch and balance link: the identity must exist. */
    public static Optional<RejectionReason> change(Optional<Stored> stored) {
        return live(stored) ? Optional.empty() : Optional.of(RejectionReason.IDENTITY_NOT_FOUND);
    }

    /** The identity must exist and no balance may still name it (Blnk: a foreign key error, 500). */
    public static Optional<RejectionReason> delete(Optional<Stored> stored) {
        if (!live(stored)) {
            return Optional.of(RejectionReason.IDENTITY_NOT_FOUND);
        }
        return stored.get().balanceIds().isEmpty() ? Optional.empty() : Optional.of(RejectionReason.IDENTITY_IN_USE);
    }

    /** The tokenized fields after a tokenization, or the refusal and the field it is about. */
    public record Tokenized(Set<String> tokenized, RejectionReason refusal, IdentityField field) {

        public boolean isAccepted() {
            return refusal == null;
        }
    }

    /**
     * Tokenizes {@code fields} (already checked tokenizable by the gateway, Blnk's first step), all or none, with
     * Blnk's check order for each field in turn: the identity exists (404), the field is not tokenized yet (409),
     * tokenization is enabled (403). Blnk keeps the fields before a failing one tokenized; here a refusal leaves
     * the identity unchanged.
     */
    public static Tokenized tokenize(Optional<Stored> stored, List<IdentityField> fields, boolean enabled) {
        Set<String> tokenized = new LinkedHashSet<>(stored.map(Stored::tokenized).orElse(Set.of()));
        for (IdentityField field : fields) {
            if (!field.personal()) {
                throw new IllegalArgumentException(field + " is not tokenizable");
            }
            if (!live(stored)) {
                return new Tokenized(Set.of(), RejectionReason.IDENTITY_NOT_FOUND, field);
            }
            if (!tokenized.add(field.structName())) {
                return new Tokenized(Set.of(), RejectionReason.IDENTITY_FIELD_ALREADY_TOKENIZED, field);
            }
            if (!enabled) {
                return new Tokenized(Set.of(), RejectionReason.TOKENIZATION_DISABLED, field);
            }
        }
        return new Tokenized(Set.copyOf(tokenized), null, null);
    }

    /** The balances naming the identity once {@code balanceId} names it ({@code referenced}) or no longer does. */
    public static Set<String> referenced(Stored stored, String balanceId, boolean referenced) {
        Set<String> balances = new LinkedHashSet<>(stored.balanceIds());
        if (referenced) {
            balances.add(balanceId);
        } else {
            balances.remove(balanceId);
        }
        return Set.copyOf(balances);
    }

    private static boolean live(Optional<Stored> stored) {
        return stored.isPresent() && stored.get().exists();
    }
}
