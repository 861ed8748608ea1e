package dev.ledgerline.core;

/**
 * One element of Blnk's {@code sources} or {@code destinations}: {@code distribution} is
 * {@code "NN%"} (percent of the total, decimals allowed), a fixed major-unit amount such as
 * {@code "240.23"}, or {@code "left"}; {@code preciseDistribution}, when set, is a fixed amount in
 * minor units and wins over {@code distribution}.
 */
public record Distribution(String identifier, String distribution, String preciseDistribution) {
}
