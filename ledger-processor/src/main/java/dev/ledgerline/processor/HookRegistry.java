package dev.ledgerline.processor;

import java.util.Optional;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.ledgerline.core.hooks.HookLifecycle;
import dev.ledgerline.core.hooks.HookRefusal;
import dev.ledgerline.wire.v1.DeleteHook;
import dev.ledgerline.wire.v1.HookRecord;
import dev.ledgerline.wire.v1.Reply;
import dev.ledgerline.wire.v1.SaveHook;

/**
 * The ledger registry's part that owns pre/post-transaction hooks (commands keyed by hook id, so one task decides
 * each hook): it decides each save and delete ({@link HookLifecycle}), keeps the hook in its store and publishes
 * the hook's latest state to the compacted {@code ledger.hooks} (a tombstone for a deleted hook), from which
 * projection-service serves and delivers hooks. The gateway validated the definition before sending it.
 */
final class HookRegistry {

    private final KeyValueStore<String, HookRecord> hooks;
    private final Emitter emitter;

    HookRegistry(KeyValueStore<String, HookRecord> hooks, Emitter emitter) {
        this.hooks = hooks;
        this.emitter = emitter;
    }

    void save(String requestId, SaveHook save, Headers headers) {
        String id = save.getHookId();
        HookLifecycle.Saved saved = HookLifecycle.save(stored(id), save.getCreate(), save.getActive(),
                save.getSavedAtMs());
        if (!saved.isAccepted()) {
            emitter.emit(LedgerTopology.REPLIES_SINK, requestId, refused(requestId, id, saved.refusal()), headers);
            return;
        }
        HookRecord hook = HookRecord.newBuilder()
                .setHookId(id).setName(save.getName()).setUrl(save.getUrl()).setHookType(save.getHookType())
                .setActive(save.getActive()).setTimeoutSeconds(save.getTimeoutSeconds())
                .setRetryCount(save.getRetryCount()).setCreatedAtMs(saved.createdAtMs())
                .setUpdatedAtMs(save.getSavedAtMs()).setActiveSinceMs(saved.activeSinceMs())
                .build();
        hooks.put(id, hook);
        emitter.emit(LedgerTopology.HOOKS_SINK, id, hook, headers);
        emitter.emit(LedgerTopology.REPLIES_SINK, requestId, Replies.ok(requestId, id), headers);
    }

    void delete(String requestId, DeleteHook delete, Headers headers) {
        String id = delete.getHookId();
        Optional<HookRefusal> refusal = HookLifecycle.delete(stored(id));
        if (refusal.isPresent()) {
            emitter.emit(LedgerTopology.REPLIES_SINK, requestId, refused(requestId, id, refusal.get()), headers);
            return;
        }
        hooks.delete(id);
        emitter.emit(LedgerTopology.HOOKS_SINK, id, null, headers); // tombstone: compaction forgets the hook
        emitter.emit(LedgerTopology.REPLIES_SINK, requestId, Replies.ok(requestId, id), headers);
    }

    private Optional<HookLifecycle.Stored> stored(String hookId) {
        return Optional.ofNullable(hooks.get(hookId))
                .map(hook -> new HookLifecycle.Stored(hook.getCreatedAtMs(), hook.getActiveSinceMs()));
    }

    /** Hook refusals are not ledger rejections: the gateway maps their code to Blnk's hook errors itself. */
    private static Reply refused(String requestId, String hookId, HookRefusal refusal) {
        return Reply.newBuilder().setRequestId(requestId).setOk(false).setCode(refusal.name())
                .setMessage(refusal == HookRefusal.HOOK_NOT_FOUND ? "hook not found" : "hook already exists")
                .setSubjectId(hookId).setDecidedAtMs(System.currentTimeMillis()).build();
    }
}
