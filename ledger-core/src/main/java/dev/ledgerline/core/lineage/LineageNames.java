package dev.ledgerline.core.lineage;

import dev.ledgerline.core.DerivedReference;

/**
 * Blnk's names for the balances and transactions that mirror fund lineage. Blnk names an identity by its first and
 * last name (or organisation) and an id prefix; Ledgerline uses the identity id alone (Blnk's own fallback), because
 * indicators are public and personal fields are sealed before they reach the ledger.
 */
public final class LineageNames {

    private LineageNames() {
    }

    /** The shadow balance of one provider's funds held by an identity: {@code @<provider>_<identity>_lineage}. */
    public static String shadowIndicator(String provider, String identityId) {
        return "@" + provider + "_" + identityId + "_lineage";
    }

    /** The identity's aggregate lineage balance: {@code @<identity>_lineage}. */
    public static String aggregateIndicator(String identityId) {
        return "@" + identityId + "_lineage";
    }

    /** A credit's shadow transaction (shadow → aggregate): {@code <reference>_shadow_<provider>}. */
    public static String shadowCreditReference(String reference, String provider) {
        return reference + DerivedReference.LINEAGE_SHADOW.marker() + provider;
    }

    /** A debit's release of one provider's funds (aggregate → shadow): {@code <reference>_release_<provider>}. */
    public static String releaseReference(String reference, String provider) {
        return reference + DerivedReference.LINEAGE_RELEASE.marker() + provider;
    }

    /**
     * A transfer's receipt of one provider's funds from another tracked balance (the receiver's shadow → its
     * aggregate): {@code <reference>_receive_<provider>}.
     */
    public static String receiveReference(String reference, String provider) {
        return reference + DerivedReference.LINEAGE_RECEIVE.marker() + provider;
    }
}
