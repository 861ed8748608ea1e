package dev.ledgerline.projection.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ledgerline.core.account.AccountNames;
import dev.ledgerline.core.identity.IdentityView;
import dev.ledgerline.core.identity.PiiException;
import dev.ledgerline.core.identity.PiiKeyring;
import dev.ledgerline.projection.store.AccountRow;

/**
 * Blnk's account object ({@code model.Account}), in its field order. {@code ledger}, {@code balance} and
 * {@code identity} are null unless included (Blnk's struct has no omitempty there). An account created without a
 * name shows its identity's, as Blnk stores it at creation; Ledgerline derives it at each read instead, so that the
 * identity's personal fields are never copied out of their sealed form.
 */
final class AccountJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AccountJson() {
    }

    static Map<String, Object> of(AccountRow row, Optional<PiiKeyring> keyring) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("account_id", row.accountId());
        body.put("name", row.name().isEmpty() ? identityName(row, keyring) : row.name());
        body.put("number", row.number());
        body.put("bank_name", row.bankName());
        body.put("currency", row.currency());
        body.put("balance_id", row.balanceId());
        body.put("identity_id", row.identityId());
        body.put("ledger_id", row.ledgerId());
        body.put("ledger", null);
        body.put("balance", null);
        body.put("identity", null);
        body.put("created_at", BlnkTime.format(row.createdAt()));
        body.put("meta_data", metaData(row.metaData()));
        return body;
    }

    /** The identity's name as its reads show it; empty when the identity is gone or cannot be opened here. */
    private static String identityName(AccountRow row, Optional<PiiKeyring> keyring) {
        if (row.identityFields().values().stream().allMatch(String::isEmpty)) {
            return "";
        }
        try {
            Map<String, String> shown = IdentityView.fields(row.identityId(), row.identityFields(),
                    Set.copyOf(row.tokenizedFields()), keyring);
            return AccountNames.of(shown.get("identity_type"), shown.get("organization_name"),
                    shown.get("first_name"), shown.get("last_name"));
        } catch (PiiException e) {
            return "";
        }
    }

    private static JsonNode metaData(String json) {
        return json == null ? JSON.createObjectNode() : JSON.readTree(json);
    }
}
