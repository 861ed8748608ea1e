package dev.ledgerline.core;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Blnk-style identifiers ({@code <prefix>_<uuid>}). Ids that several parties must agree on
 * without talking to each other are derived deterministically (name-based UUIDs), so duplicates
 * meet at one owner: a transaction id from its reference, an {@code @indicator} balance id from
 * indicator and currency. Random ids are made at the edges and passed in.
 */
public final class Ids {

    /** The seeded General Ledger that holds every {@code @indicator} balance (as in Blnk). */
    public static final String GENERAL_LEDGER_ID = "general_ledger_id";
    public static final String GENERAL_LEDGER_NAME = "General Ledger";

    public static final String LEDGER_PREFIX = "ldg_";
    public static final String BALANCE_PREFIX = "bln_";
    public static final String TRANSACTION_PREFIX = "txn_";
    public static final String BULK_PREFIX = "bulk_";
    public static final String IDENTITY_PREFIX = "idt_";

    private Ids() {
    }

    public static String ledgerId(UUID random) {
        return LEDGER_PREFIX + random;
    }

    public static String balanceId(UUID random) {
        return BALANCE_PREFIX + random;
    }

    /** An identity's id, as Blnk's: {@code idt_<uuid>}. */
    public static String identityId(UUID random) {
        return IDENTITY_PREFIX + random;
    }

    /** Blnk's rule for an {@code identity_id} a client chooses: {@code idt_} followed by a valid UUID. */
    public static boolean isIdentityId(String id) {
        if (id == null || !id.startsWith(IDENTITY_PREFIX) || id.length() != IDENTITY_PREFIX.length() + 36) {
            return false;
        }
        try {
            UUID.fromString(id.substring(IDENTITY_PREFIX.length()));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** An account's id, as Blnk's: {@code acc_<uuid>}. */
    public static String accountId(UUID random) {
        return "acc_" + random;
    }

    /** A balance monitor's id, as Blnk's: {@code mon_<uuid>}. */
    public static String monitorId(UUID random) {
        return "mon_" + random;
    }

    /** The QUEUED transaction's id: the same reference always yields the same id. */
    public static String transactionIdForReference(String reference) {
        return TRANSACTION_PREFIX + nameUuid("reference:" + reference);
    }

    /** Id of the outcome record ({@code <reference>_q}) of the QUEUED transaction {@code transactionId}. */
    public static String outcomeTransactionId(String transactionId) {
        return TRANSACTION_PREFIX + nameUuid("outcome:" + transactionId);
    }

    /** Id of the REJECTED record that reports a duplicate submission {@code requestId} of {@code transactionId}. */
    public static String duplicateRejectionId(String transactionId, String requestId) {
        return TRANSACTION_PREFIX + nameUuid("duplicate:" + transactionId + ":" + requestId);
    }

    /** Id of the record of the {@code sequence}-th commit or void action (1-based) on the inflight {@code rootTransactionId}. */
    public static String actionTransactionId(String rootTransactionId, int sequence) {
        return TRANSACTION_PREFIX + nameUuid("action:" + rootTransactionId + ":" + sequence);
    }

    /*
     * Derived references. Every form below is refused as a client reference by DerivedReference.of, so a client
     * can never take a reference Ledgerline derives; a new form must be added there too (IdsTest checks both).
     */

    /** The reference of the refund of {@code originalTransactionId} (Blnk's {@code <id>_refund}). */
    public static String refundReference(String originalTransactionId) {
        return originalTransactionId + DerivedReference.REFUND.marker();
    }

    /** The reference of the outcome record of the queued transaction {@code reference} ({@code <reference>_q}). */
    public static String outcomeReference(String reference) {
        return reference + DerivedReference.OUTCOME.marker();
    }

    /** The reference of the {@code sequence}-th (1-based) commit or void of the inflight {@code reference}. */
    public static String actionReference(String reference, boolean commit, int sequence) {
        return reference + (commit ? DerivedReference.COMMIT : DerivedReference.VOID).marker() + sequence;
    }

    /** The reference of the REJECTED record of the duplicate submission {@code requestId} of {@code reference}. */
    public static String duplicateReference(String reference, String requestId) {
        return reference + DerivedReference.DUPLICATE.marker() + requestId;
    }

    /** The derived form {@code reference} takes (a client may not send it), or null. */
    public static DerivedReference derivedForm(String reference) {
        return DerivedReference.of(reference);
    }

    /**
     * The reference of the {@code index}-th (1-based, request order) leg of the split {@code reference}: Blnk's
     * {@code ref_1} on the queued path and {@code ref-1} with skip_queue. Blnk numbers legs in Go map order; here the
     * numbering follows the request, so the same request always yields the same legs.
     */
    public static String splitLegReference(String reference, int index, boolean skipQueue) {
        return reference + (skipQueue ? "-" : "_") + index;
    }

    /** A new bulk batch id ({@code bulk_<uuid>}, Blnk's prefix). */
    public static String bulkBatchId(UUID random) {
        return BULK_PREFIX + random;
    }

    /** The balance id of {@code indicator} (e.g. {@code @World}) in {@code currency}. */
    public static String indicatorBalanceId(String indicator, String currency) {
        return BALANCE_PREFIX + nameUuid("indicator:" + indicator + "|" + currency);
    }

    /** True when {@code identifier} names an indicator balance ({@code @Name}) rather than a balance id. */
    public static boolean isIndicator(String identifier) {
        return identifier != null && identifier.length() > 1 && identifier.charAt(0) == '@'
                && identifier.chars().noneMatch(Character::isWhitespace);
    }

    private static UUID nameUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
