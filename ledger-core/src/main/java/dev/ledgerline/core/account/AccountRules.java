package dev.ledgerline.core.account;

import java.util.Optional;
import java.util.TreeMap;

/**
 * Blnk's check of a {@code POST /accounts} body: either {@code balance_id}, or {@code ledger_id} + {@code identity_id}
 * + {@code currency}, not both. The message is Blnk's (its validation library's): one {@code field: message} per
 * broken field, fields in alphabetical order, joined by {@code "; "}, ending with a period.
 */
public final class AccountRules {

    private AccountRules() {
    }

    /** What is wrong with the request, or empty when it may go on. Absent fields are empty strings. */
    public static Optional<String> problem(String balanceId, String ledgerId, String identityId, String currency) {
        TreeMap<String, String> problems = new TreeMap<>();
        if (balanceId.isEmpty()) {
            requireWithoutBalance(problems, "ledger_id", ledgerId, "Ledger ID");
            requireWithoutBalance(problems, "identity_id", identityId, "Identity ID");
            requireWithoutBalance(problems, "currency", currency, "currency");
        } else {
            if (!ledgerId.isEmpty()) {
                problems.put("ledger_id", "either LedgerId or BalanceId must be provided, not both");
            }
            if (!currency.isEmpty()) {
                problems.put("currency", "either Currency or BalanceId must be provided, not both");
            }
        }
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder message = new StringBuilder();
        problems.forEach((field, text) -> message.append(message.isEmpty() ? "" : "; ")
                .append(field).append(": ").append(text));
        return Optional.of(message.append('.').toString());
    }

    private static void requireWithoutBalance(TreeMap<String, String> problems, String field, String value,
                                              String label) {
        if (value.isEmpty()) {
            problems.put(field, label + " is required when Balance ID is not provided");
        }
    }
}
