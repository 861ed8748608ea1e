package dev.ledgerline.processor;

import java.util.Optional;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.ledgerline.core.Ids;
import dev.ledgerline.core.MergedMetaData;
import dev.ledgerline.core.RejectionReason;
import dev.ledgerline.wire.v1.BalanceCommand;
import dev.ledgerline.wire.v1.LedgerRecord;
import dev.ledgerline.wire.v1.LedgerState;
import dev.ledgerline.wire.v1.MergeBalanceMetadata;
import dev.ledgerline.wire.v1.PatchBalanceMetadata;
import dev.ledgerline.wire.v1.PatchLedgerMetadata;
import dev.ledgerline.wire.v1.RenameLedger;
import dev.ledgerline.wire.v1.Reply;

/**
 * The ledger registry's part for changes after creation: a ledger renamed ({@code PUT /ledgers/{id}}) or its
 * {@code meta_data} patched ({@code POST /{ldg_…}/metadata}), each published on {@code ledger.ledgers} as the whole
 * ledger with the next {@code version}, and a balance's patch handed to the balance's own worker, which owns its
 * {@code meta_data}. One owner per ledger and per balance merges patches one after the other, so two concurrent
 * patches never lose each other's keys (Blnk reads, merges and writes back without a lock).
 */
final class LedgerChanges {

    private static final LedgerState GENERAL_LEDGER = new LedgerState(Ids.GENERAL_LEDGER_ID, "General Ledger", 0L, "{}", 0L);

    private final KeyValueStore<String, LedgerState> ledgers;
    private final Emitter emitter;

    LedgerChanges(KeyValueStore<String, LedgerState> ledgers, Emitter emitter) {
        this.ledgers = ledgers;
        this.emitter = emitter;
    }

    /** Handles {@code payload} when it is one of these changes; false otherwise. */
    boolean handle(String requestId, Object payload, Headers headers) {
        if (payload instanceof RenameLedger rename) {
            change(requestId, rename.getLedgerId(), headers, state -> LedgerState.newBuilder(state)
                    .setName(rename.getName()).build());
        } else if (payload instanceof PatchLedgerMetadata patch) {
            change(requestId, patch.getLedgerId(), headers, state -> LedgerState.newBuilder(state)
                    .setMetaDataJson(MetaData.shallowMergeAll(state.getMetaDataJson(), patch.getMetaDataJson())).build());
        } else if (payload instanceof PatchBalanceMetadata patch) {
            emitter.emit(LedgerTopology.BALANCE_COMMANDS_SINK, patch.getBalanceId(), new BalanceCommand(requestId,
                    new MergeBalanceMetadata(patch.getBalanceId(), patch.getMetaDataJson(), patch.getAtMs())), headers);
        } else {
            return false;
        }
        return true;
    }

    private void change(String requestId, String ledgerId, Headers headers,
                        java.util.function.UnaryOperator<LedgerState> edit) {
        LedgerState state = ledgers.get(ledgerId);
        if (state == null && Ids.GENERAL_LEDGER_ID.equals(ledgerId)) {
            state = GENERAL_LEDGER; // seeded, never created by a command (as in Blnk, it can be renamed)
        }
        if (state == null) {
            emitter.emit(LedgerTopology.REPLIES_SINK, requestId,
                    Replies.rejected(requestId, ledgerId, RejectionReason.LEDGER_NOT_FOUND), headers);
            return;
        }
        LedgerState edited = edit.apply(state);
        Optional<RejectionReason> tooLarge = MergedMetaData.sizeRejection(edited.getMetaDataJson());
        if (tooLarge.isPresent()) {
            emitter.emit(LedgerTopology.REPLIES_SINK, requestId, Replies.rejected(requestId, ledgerId, tooLarge.get()),
                    headers);
            return;
        }
        LedgerState changed = LedgerState.newBuilder(edited).setVersion(state.getVersion() + 1).build();
        LedgerRecord ledger = record(changed);
        if (!edited.getName().equals(state.getName()) || !edited.getMetaDataJson().equals(state.getMetaDataJson())) {
            ledgers.put(ledgerId, changed);
            emitter.emit(LedgerTopology.LEDGERS_SINK, ledgerId, ledger, headers);
        } else {
            ledger = record(state); // nothing changed: nothing to announce
        }
        Reply ok = Replies.ok(requestId, ledgerId);
        ok.setLedger(ledger);
        emitter.emit(LedgerTopology.REPLIES_SINK, requestId, ok, headers);
    }

    static LedgerRecord record(LedgerState state) {
        return new LedgerRecord(state.getLedgerId(), state.getName(), state.getMetaDataJson(), state.getCreatedAtMs(),
                state.getVersion());
    }
}
