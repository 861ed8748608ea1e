package dev.ledgerline.gateway.web;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.core.Distribution;
import dev.ledgerline.core.Distributions;
import dev.ledgerline.core.InvalidAmountException;
import dev.ledgerline.gateway.error.ErrorMapper;
import dev.ledgerline.gateway.json.Json;
import dev.ledgerline.gateway.json.JsonFields;
import dev.ledgerline.schemas.TransactionGroups;

/**
 * Blnk's {@code sources} or {@code destinations}: the split side of a transaction, validated, with each
 * distribution's share computed by ledger-core's {@link Distributions} (exact integers, request order).
 */
final class SplitSide {

    /** True when the split is over the sources (one destination), false when over the destinations. */
    final boolean sources;
    final List<TransactionGroups.End> ends;
    final List<Distribution> distributions;
    final List<BigInteger> shares;

    private SplitSide(boolean sources, List<TransactionGroups.End> ends, List<Distribution> distributions,
                      List<BigInteger> shares) {
        this.sources = sources;
        this.ends = ends;
        this.distributions = distributions;
        this.shares = shares;
    }

    /** Parses {@code items} (the array named {@code field}) and splits {@code amount} over them. */
    static SplitSide parse(String field, boolean sources, List<ObjectNode> items, BigInteger amount, long precision,
                           String currency, String otherSideId) {
        if (items.isEmpty()) {
            throw ErrorMapper.transactionValidation(field + ": at least one distribution is required", field);
        }
        List<TransactionGroups.End> ends = new ArrayList<>();
        List<Distribution> distributions = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonFields item = new JsonFields(items.get(i));
            String where = field + "[" + i + "]";
            String identifier = item.string("identifier");
            String distribution = item.string("distribution");
            String precise = item.has("precise_distribution") ? preciseText(item, where) : null;
            if (identifier == null || identifier.isBlank()) {
                throw ErrorMapper.transactionValidation(where + ".identifier: cannot be blank", where + ".identifier");
            }
            if ((distribution == null || distribution.isBlank()) && precise == null) {
                throw ErrorMapper.transactionValidation(where + ": distribution or precise_distribution is required",
                        where + ".distribution");
            }
            String balanceId = TransactionRequest.resolve(identifier, currency, where + ".identifier");
            if (balanceId.equals(otherSideId)) {
                throw ErrorMapper.transactionValidation("source and destination must be different", where + ".identifier");
            }
            ends.add(new TransactionGroups.End(identifier, balanceId));
            distributions.add(new Distribution(identifier, distribution, precise));
        }
        try {
            return new SplitSide(sources, ends, distributions, Distributions.split(amount, precision, distributions));
        } catch (InvalidAmountException e) {
            throw ErrorMapper.transactionAmount(e, field);
        }
    }

    /** Blnk's echo of the split side, each element with the id of the leg it became ("" for a zero share). */
    ArrayNode render(List<String> legIds) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        int leg = 0;
        for (int i = 0; i < ends.size(); i++) {
            ObjectNode item = array.addObject();
            item.put("identifier", ends.get(i).identifier());
            Distribution d = distributions.get(i);
            item.put("distribution", d.distribution() == null ? "" : d.distribution());
            if (d.preciseDistribution() != null) {
                item.put("precise_distribution", d.preciseDistribution());
            }
            item.put("transaction_id", shares.get(i).signum() == 0 ? "" : legIds.get(leg++));
        }
        return array;
    }

    /** {@code precise_distribution} as an integer string (a JSON number or a numeric string). */
    private static String preciseText(JsonFields item, String where) {
        java.math.BigDecimal value = item.number("precise_distribution");
        try {
            return value.toBigIntegerExact().toString();
        } catch (ArithmeticException e) {
            throw ErrorMapper.transactionValidation(where + ".precise_distribution: must be an integer",
                    where + ".precise_distribution");
        }
    }
}
