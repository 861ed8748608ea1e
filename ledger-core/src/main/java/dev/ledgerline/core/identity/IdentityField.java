package dev.ledgerline.core.identity;

import java.util.Locale;
import java.util.Optional;

/**
 * The text fields of Blnk's Identity, by their JSON name and Blnk's Go struct name (the name tokenization routes and
 * {@code meta_data.tokenized_fields} use). {@link #personal()} fields are personal data: the gateway seals them
 * before anything is published, and only they can be tokenized. They are exactly Blnk's tokenizable fields; the
 * others (type, organization, category, gender, nationality, country, state, city) and {@code dob} stay in clear so
 * that they can be filtered (README, "Identities").
 */
public enum IdentityField {
    IDENTITY_TYPE("identity_type", "IdentityType", false),
    ORGANIZATION_NAME("organization_name", "OrganizationName", false),
    CATEGORY("category", "Category", false),
    FIRST_NAME("first_name", "FirstName", true),
    LAST_NAME("last_name", "LastName", true),
    OTHER_NAMES("other_names", "OtherNames", true),
    GENDER("gender", "Gender", false),
    EMAIL_ADDRESS("email_address", "EmailAddress", true),
    PHONE_NUMBER("phone_number", "PhoneNumber", true),
    NATIONALITY("nationality", "Nationality", false),
    STREET("street", "Street", true),
    COUNTRY("country", "Country", false),
    STATE("state", "State", false),
    POST_CODE("post_code", "PostCode", true),
    CITY("city", "City", false);

    private final String wire;
    private final String structName;
    private final boolean personal;

    IdentityField(String wire, String structName, boolean personal) {
        this.wire = wire;
        this.structName = structName;
        this.personal = personal;
    }

    /** The JSON field name ({@code phone_number}). */
    public String wire() {
        return wire;
    }

    /** Blnk's Go struct name ({@code PhoneNumber}), used in tokenization paths and {@code tokenized_fields}. */
    public String structName() {
        return structName;
    }

    /** Personal data: sealed at rest, tokenizable. */
    public boolean personal() {
        return personal;
    }

    public static Optional<IdentityField> ofWire(String wire) {
        for (IdentityField field : values()) {
            if (field.wire.equals(wire)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }

    /**
     * The tokenizable field a route names, as Blnk reads it: the first character upper-cased, then the exact struct
     * name ({@code PhoneNumber} and {@code phoneNumber} work, {@code phone_number} does not). Empty when the name is
     * not a tokenizable field.
     */
    public static Optional<IdentityField> tokenizable(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.empty();
        }
        String upper = name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
        for (IdentityField field : values()) {
            if (field.personal && field.structName.equals(upper)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }

    /** The field whose struct name is {@code structName} exactly (names stored in {@code tokenized_fields}). */
    public static Optional<IdentityField> ofStructName(String structName) {
        for (IdentityField field : values()) {
            if (field.structName.equals(structName)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }
}
