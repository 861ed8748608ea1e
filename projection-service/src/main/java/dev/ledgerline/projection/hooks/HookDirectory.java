package dev.ledgerline.projection.hooks;

import java.util.Comparator;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.ledgerline.projection.consume.CompactedTopicDirectory;
import dev.ledgerline.projection.consume.ConsumerSettings;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.HookRecord;

/**
 * Every hook, from the compacted {@code ledger.hooks} (the hooks' store; this is a view of it, rebuilt from the topic
 * at every start). Listeners ({@link HookDeliveries}) hear of each change once the topic has been read.
 */
@Component
public class HookDirectory extends CompactedTopicDirectory<HookRecord> {

    public HookDirectory(ConsumerSettings settings) {
        super(settings, Topics.HOOKS, HookRecord.class, "hook");
    }

    /** Every hook, oldest first (Blnk lists in no order). */
    public List<HookRecord> all() {
        List<HookRecord> hooks = values();
        hooks.sort(Comparator.comparingLong(HookRecord::getCreatedAtMs).thenComparing(HookRecord::getHookId));
        return hooks;
    }
}
