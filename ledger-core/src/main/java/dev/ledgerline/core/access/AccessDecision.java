package dev.ledgerline.core.access;

/**
 * @param outcome allowed or why not
 * @param message the exact message of a refusal (null when allowed)
 * @param key     the API key that was used, when {@code outcome} is {@link AccessOutcome#API_KEY}
 */
public record AccessDecision(AccessOutcome outcome, String message, ApiKeyGrant key) {

    static AccessDecision of(AccessOutcome outcome) {
        return new AccessDecision(outcome, outcome.message(), null);
    }
}
