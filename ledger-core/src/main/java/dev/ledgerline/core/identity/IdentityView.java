package dev.ledgerline.core.identity;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What a read shows of an identity's text fields: clear text, or the token of a tokenized field. */
public final class IdentityView {

    private IdentityView() {
    }

    /**
     * Every text field in Blnk's order, by JSON name: a tokenized field shows its {@link StoredPii#token token},
     * every other one its value (opened with {@code keyring} when sealed).
     *
     * @param stored    the stored fields by JSON name (absent = empty)
     * @param tokenized struct names of the tokenized fields
     * @throws PiiException when a sealed value cannot be opened with {@code keyring}
     */
    public static Map<String, String> fields(String identityId, Map<String, String> stored, Set<String> tokenized,
                                             Optional<PiiKeyring> keyring) {
        Map<String, String> shown = new LinkedHashMap<>();
        for (IdentityField field : IdentityField.values()) {
            String value = stored.getOrDefault(field.wire(), "");
            if (!field.personal()) {
                shown.put(field.wire(), value);
            } else if (tokenized.contains(field.structName())) {
                shown.put(field.wire(), StoredPii.token(value));
            } else {
                shown.put(field.wire(), StoredPii.read(value, identityId, field, keyring));
            }
        }
        return shown;
    }
}
