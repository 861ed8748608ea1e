package dev.ledgerline.core.lineage;

import java.math.BigInteger;

/** The part of a debit taken from one provider's funds (an entry of Blnk's {@code BLNK_FUND_ALLOCATION}). */
public record Allocation(String provider, BigInteger amount) {
}
