package dev.ledgerline.core.hooks;

/**
 * What a client may set on a hook, validated and with the defaults applied ({@link HookRules}).
 *
 * @param timeoutSeconds per attempt (connect and answer)
 * @param retryCount     attempts after the first one before the announcement is dead-lettered
 */
public record HookDefinition(String name, String url, HookType type, boolean active, int timeoutSeconds,
                             int retryCount) {
}
