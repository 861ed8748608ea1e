package dev.ledgerline.core.input;

/**
 * What a client string may hold, checked before anything is published. Every string: no NUL (PostgreSQL text
 * cannot store it, so one such record would stop the read model), no other C0 control character but tab, line
 * feed and carriage return, no lone UTF-16 surrogate (it cannot be encoded in UTF-8: distinct values would collapse
 * into one), at most {@link #MAX_TEXT} characters. Identifiers (references, ids, currencies, indicators) are
 * shorter and hold no control character at all, so that the ledger's own suffixes still fit a PostgreSQL index row.
 */
public final class TextRules {

    /** Descriptions, names, metadata keys and values. */
    public static final int MAX_TEXT = 4_096;
    /** References, ids, currencies, indicators. */
    public static final int MAX_IDENTIFIER = 255;
    /** Serialized {@code meta_data} of one request or item. */
    public static final int MAX_META_DATA_BYTES = 16 * 1024;
    /** Nesting of any JSON body (objects and arrays). */
    public static final int MAX_JSON_DEPTH = 32;

    private TextRules() {
    }

    /** Why {@code value} is not acceptable free text, or null when it is. */
    public static String textProblem(String value) {
        if (value.length() > MAX_TEXT) {
            return "is longer than " + MAX_TEXT + " characters";
        }
        return characterProblem(value, false);
    }

    /** Why {@code value} is not an acceptable identifier, or null when it is. */
    public static String identifierProblem(String value) {
        if (value.length() > MAX_IDENTIFIER) {
            return "is longer than " + MAX_IDENTIFIER + " characters";
        }
        return characterProblem(value, true);
    }

    private static String characterProblem(String value, boolean identifier) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                return "contains a NUL character";
            }
            if ((c < 0x20 || c == 0x7f) && (identifier || (c != '\t' && c != '\n' && c != '\r'))) {
                return "contains a control character";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "contains an unpaired UTF-16 surrogate";
            }
            if (Character.isLowSurrogate(c)) {
                return "contains an unpaired UTF-16 surrogate";
            }
        }
        return null;
    }
}
