package dev.ledgerline.core.hooks;

/** Why the hooks' single owner (the processor's ledger registry) refused a hook command. */
public enum HookRefusal {
    /** A create named an id that is taken (ids are generated, so only a replayed command meets this). */
    HOOK_ALREADY_EXISTS,
    /** An update or delete named a hook that does not exist (never did, or was deleted). */
    HOOK_NOT_FOUND
}
