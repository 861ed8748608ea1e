package dev.ledgerline.processor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.ledgerline.core.MergedMetaData;
import dev.ledgerline.core.RejectionReason;
import dev.ledgerline.core.identity.IdentityField;
import dev.ledgerline.core.identity.IdentityLifecycle;
import dev.ledgerline.wire.v1.BalanceCommand;
import dev.ledgerline.wire.v1.CreateIdentity;
import dev.ledgerline.wire.v1.DeleteIdentity;
import dev.ledgerline.wire.v1.CreateBalance;
import dev.ledgerline.wire.v1.IdentityBalanceReference;
import dev.ledgerline.wire.v1.IdentityRecord;
import dev.ledgerline.wire.v1.IdentityState;
import dev.ledgerline.wire.v1.LinkBalanceIdentity;
import dev.ledgerline.wire.v1.PatchIdentityMetadata;
import dev.ledgerline.wire.v1.Reply;
import dev.ledgerline.wire.v1.SetBalanceIdentity;
import dev.ledgerline.wire.v1.TokenizeIdentityFields;
import dev.ledgerline.wire.v1.UpdateIdentity;

/**
 * The ledger registry's part that owns identities (commands keyed by identity id, so one task decides each
 * identity): it decides with {@link IdentityLifecycle}, keeps the identity and the balances naming it in
 * {@code identities-store}, and publishes the identity's latest state to the compacted {@code ledger.identities}.
 * Personal fields arrive sealed by the gateway; this owner only stores and merges them and never holds the key.
 */
final class IdentityRegistry {

    private final KeyValueStore<String, IdentityState> identities;
    private final Emitter emitter;

    IdentityRegistry(KeyValueStore<String, IdentityState> identities, Emitter emitter) {
        this.identities = identities;
        this.emitter = emitter;
    }

    void create(String requestId, CreateIdentity create, Headers headers) {
        String id = create.getIdentityId();
        IdentityState state = identities.get(id);
        Optional<RejectionReason> refusal = IdentityLifecycle.create(view(state));
        if (refusal.isPresent()) {
            reply(requestId, rejectedWith(requestId, id, refusal.get(), "Identity already exists: " + id), headers);
            return;
        }
        IdentityRecord identity = IdentityRecord.newBuilder().setIdentityId(id).setFields(nonEmpty(create.getFields()))
                .setDobMs(create.getDobMs()).setMetaDataJson(create.getMetaDataJson()).setTokenizedFields(List.of())
                .setCreatedAtMs(create.getCreatedAtMs()).setUpdatedAtMs(create.getCreatedAtMs()).setVersion(0)
                .setDeleted(false).build();
        publish(requestId, new IdentityState(identity, List.of()), headers);
    }

    /** Blnk's PUT: the gateway sent only what is to be written (non-empty strings, a non-zero dob, meta_data). */
    void update(String requestId, UpdateIdentity update, Headers headers) {
        IdentityState state = live(requestId, update.getIdentityId(), headers);
        if (state == null) {
            return;
        }
        IdentityRecord stored = state.getIdentity();
        Map<String, String> fields = new HashMap<>(stored.getFields());
        fields.putAll(nonEmpty(update.getFields()));
        IdentityRecord.Builder next = IdentityRecord.newBuilder(stored).setFields(fields);
        if (update.getDobMs() != null) {
            next.setDobMs(update.getDobMs());
        }
        if (update.getMetaDataJson() != null) {
            next.setMetaDataJson(update.getMetaDataJson());
        }
        publish(requestId, changed(state, next, update.getUpdatedAtMs()), headers);
    }

    void patchMetadata(String requestId, PatchIdentityMetadata patch, Headers headers) {
        IdentityState state = live(requestId, patch.getIdentityId(), headers);
        if (state == null) {
            return;
        }
        String merged = MetaData.shallowMerge(state.getIdentity().getMetaDataJson(), patch.getPatchJson());
        Optional<RejectionReason> tooLarge = MergedMetaData.sizeRejection(merged);
        if (tooLarge.isPresent()) {
            reply(requestId, rejectedWith(requestId, patch.getIdentityId(), tooLarge.get(), tooLarge.get().message()),
                    headers);
            return;
        }
        IdentityRecord.Builder next = IdentityRecord.newBuilder(state.getIdentity()).setMetaDataJson(merged);
        publish(requestId, changed(state, next, patch.getPatchedAtMs()), headers);
    }

    /** The last record of a deleted identity carries no personal data; the id stays taken. */
    void delete(String requestId, DeleteIdentity delete, Headers headers) {
        String id = delete.getIdentityId();
        IdentityState state = identities.get(id);
        Optional<RejectionReason> refusal = IdentityLifecycle.delete(view(state));
        if (refusal.isPresent()) {
            reply(requestId, rejectedWith(requestId, id, refusal.get(), messageFor(refusal.get(), id)), headers);
            return;
        }
        IdentityRecord.Builder gone = IdentityRecord.newBuilder(state.getIdentity()).setFields(Map.of())
                .setDobMs(null).setMetaDataJson("{}").setTokenizedFields(List.of()).setDeleted(true);
        publish(requestId, changed(state, gone, delete.getDeletedAtMs()), headers);
    }

    void tokenize(String requestId, TokenizeIdentityFields tokenize, Headers headers) {
        String id = tokenize.getIdentityId();
        IdentityState state = identities.get(id);
        List<IdentityField> fields = new ArrayList<>();
        for (String name : tokenize.getFields()) {
            fields.add(IdentityField.ofStructName(name).filter(IdentityField::personal).orElseThrow(() ->
                    new IllegalArgumentException("not a tokenizable field: " + name)));
        }
        IdentityLifecycle.Tokenized result = IdentityLifecycle.tokenize(view(state), fields,
                tokenize.getTokenizationEnabled());
        if (!result.isAccepted()) {
            String field = result.field().structName();
            String message = switch (result.refusal()) {
                case IDENTITY_FIELD_ALREADY_TOKENIZED -> "field " + field + " is already tokenized";
                case TOKENIZATION_DISABLED -> "tokenization is disabled: no tokenization secret of exactly 32 bytes "
                        + "is configured";
                default -> "identity with ID '" + id + "' not found";
            };
            reply(requestId, rejectedWith(requestId, id, result.refusal(), message), headers);
            return;
        }
        List<String> tokenized = new ArrayList<>(result.tokenized());
        tokenized.sort(null);
        IdentityRecord.Builder next = IdentityRecord.newBuilder(state.getIdentity()).setTokenizedFields(tokenized);
        publish(requestId, changed(state, next, tokenize.getTokenizedAtMs()), headers);
    }

    /**
     * {@code PUT /balances/{id}/identity}: the identity is checked first (as in Blnk), noted as named by the balance
     * before the balance hears of it (so a deletion decided after this link is refused), then the balance's worker
     * decides and answers. If the balance does not exist, its worker takes the note back.
     */
    void link(String requestId, LinkBalanceIdentity link, Headers headers) {
        String id = link.getIdentityId();
        IdentityState state = identities.get(id);
        if (IdentityLifecycle.change(view(state)).isPresent()) {
            reply(requestId, rejectedWith(requestId, link.getBalanceId(), RejectionReason.BALANCE_NOT_FOUND,
                    "identity with ID '" + id + "' not found"), headers);
            return;
        }
        identities.put(id, referenced(state, link.getBalanceId(), true));
        emitter.emit(LedgerTopology.BALANCE_COMMANDS_SINK, link.getBalanceId(), new BalanceCommand(requestId,
                new SetBalanceIdentity(link.getBalanceId(), id, link.getLinkedAtMs())), headers);
    }

    /**
     * {@code POST /balances} naming this identity, after the ledger's owner found the ledger: refused when the identity
     * does not exist or is deleted; otherwise the balance is noted first (so a deletion that arrives meanwhile is
     * refused) and its worker opens it, taking the note back if it cannot.
     */
    void openBalance(String requestId, CreateBalance create, Headers headers) {
        String id = create.getIdentityId();
        IdentityState state = identities.get(id);
        if (IdentityLifecycle.change(view(state)).isPresent()) {
            reply(requestId, rejectedWith(requestId, create.getBalanceId(), RejectionReason.IDENTITY_NOT_FOUND,
                    "identity with ID '" + id + "' not found"), headers);
            return;
        }
        identities.put(id, referenced(state, create.getBalanceId(), true));
        emitter.emit(LedgerTopology.BALANCE_COMMANDS_SINK, create.getBalanceId(),
                new BalanceCommand(requestId, WireMapper.opening(create)), headers);
    }

    /** A balance worker's note: a balance opened with this identity, left it, or a link did not happen. */
    void reference(IdentityBalanceReference reference) {
        IdentityState state = identities.get(reference.getIdentityId());
        if (state == null || state.getIdentity().getDeleted()) {
            return; // a balance opened before POST /balances checked identities may name a missing one
        }
        identities.put(reference.getIdentityId(), referenced(state, reference.getBalanceId(), reference.getReferenced()));
    }

    private static IdentityState referenced(IdentityState state, String balanceId, boolean referenced) {
        Set<String> balances = IdentityLifecycle.referenced(stored(state), balanceId, referenced);
        List<String> sorted = new ArrayList<>(balances);
        sorted.sort(null);
        return new IdentityState(state.getIdentity(), sorted);
    }

    private IdentityState live(String requestId, String id, Headers headers) {
        IdentityState state = identities.get(id);
        Optional<RejectionReason> refusal = IdentityLifecycle.change(view(state));
        if (refusal.isPresent()) {
            reply(requestId, rejectedWith(requestId, id, refusal.get(), messageFor(refusal.get(), id)), headers);
            return null;
        }
        return state;
    }

    private static IdentityState changed(IdentityState state, IdentityRecord.Builder next, long atMs) {
        IdentityRecord identity = next.setVersion(state.getIdentity().getVersion() + 1).setUpdatedAtMs(atMs).build();
        return new IdentityState(identity, state.getBalanceIds());
    }

    private void publish(String requestId, IdentityState state, Headers headers) {
        IdentityRecord identity = state.getIdentity();
        identities.put(identity.getIdentityId(), state);
        emitter.emit(LedgerTopology.IDENTITIES_SINK, identity.getIdentityId(), identity, headers);
        Reply ok = Replies.ok(requestId, identity.getIdentityId());
        ok.setIdentity(identity);
        reply(requestId, ok, headers);
    }

    private void reply(String requestId, Reply reply, Headers headers) {
        if (requestId != null && !requestId.isEmpty()) {
            emitter.emit(LedgerTopology.REPLIES_SINK, requestId, reply, headers);
        }
    }

    private static String messageFor(RejectionReason reason, String id) {
        return switch (reason) {
            case IDENTITY_NOT_FOUND -> "identity with ID '" + id + "' not found";
            case IDENTITY_IN_USE -> "identity " + id + " is named by a balance; link the balance to another "
                    + "identity first";
            default -> reason.message();
        };
    }

    /** A refusal with exactly this message (the reason's default text is not appended). */
    private static Reply rejectedWith(String requestId, String subjectId, RejectionReason reason, String message) {
        Reply reply = Replies.rejected(requestId, subjectId, reason);
        reply.setMessage(message);
        return reply;
    }

    private static Optional<IdentityLifecycle.Stored> view(IdentityState state) {
        return Optional.ofNullable(state).map(IdentityRegistry::stored);
    }

    private static IdentityLifecycle.Stored stored(IdentityState state) {
        return new IdentityLifecycle.Stored(state.getIdentity().getDeleted(),
                Set.copyOf(state.getIdentity().getTokenizedFields()), Set.copyOf(state.getBalanceIds()));
    }

    private static Map<String, String> nonEmpty(Map<String, String> fields) {
        Map<String, String> kept = new HashMap<>();
        fields.forEach((name, value) -> {
            if (value != null && !value.isEmpty() && IdentityField.ofWire(name).isPresent()) {
                kept.put(name, value);
            }
        });
        return kept;
    }
}
