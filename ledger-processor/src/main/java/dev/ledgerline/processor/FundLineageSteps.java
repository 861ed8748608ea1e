package dev.ledgerline.processor;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.core.Ids;
import dev.ledgerline.core.lineage.Allocation;
import dev.ledgerline.core.lineage.AllocationStrategy;
import dev.ledgerline.core.lineage.FundLineage;
import dev.ledgerline.core.lineage.LineageNames;
import dev.ledgerline.core.lineage.ProviderFunds;
import dev.ledgerline.wire.v1.FundLineageState;
import dev.ledgerline.wire.v1.ProviderFundsState;
import dev.ledgerline.wire.v1.TransactionSpec;

/**
 * The balance worker's fund-lineage steps for a balance that tracks lineage: {@link FundLineage} decides, this class
 * maps its state and builds the shadow transactions Blnk creates, as ordinary transactions with derived references
 * (so the coordinator's reference check makes them exactly-once, as refunds). Only settled (non-inflight) transfers
 * are tracked.
 */
final class FundLineageSteps {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private FundLineageSteps() {
    }

    /** A credit that moved the lineage: the lineage after it and the shadow credit to send. */
    record Credited(FundLineage lineage, TransactionSpec shadow) {
    }

    /** A debit that took from providers: the lineage after it, the releases to send and the leg with its allocation. */
    record Debited(FundLineage lineage, List<TransactionSpec> releases, TransactionSpec leg) {
    }

    static FundLineage lineage(FundLineageState state) {
        if (state == null) {
            return null;
        }
        List<ProviderFunds> providers = new ArrayList<>();
        for (ProviderFundsState p : state.getProviders()) {
            providers.add(new ProviderFunds(p.getProvider(), new BigInteger(p.getReceived()), new BigInteger(p.getSpent())));
        }
        return new FundLineage(AllocationStrategy.valueOf(state.getAllocationStrategy()), providers);
    }

    static FundLineageState state(FundLineage lineage) {
        if (lineage == null) {
            return null;
        }
        List<ProviderFundsState> providers = lineage.providers().stream().map(p -> new ProviderFundsState(p.provider(),
                p.received().toString(), p.spent().toString())).toList();
        return new FundLineageState(lineage.strategy().name(), new ArrayList<>(providers));
    }

    /** Whether a transfer moves lineage: settled at once, not an atomic group's held leg. */
    static boolean tracks(FundLineage lineage, TransactionSpec spec) {
        return lineage != null && !spec.getInflight() && !spec.getReserve();
    }

    /** A credit into a tracked balance tagged {@code BLNK_LINEAGE_PROVIDER}; null when it names no provider. */
    static Credited credit(FundLineage lineage, TransactionSpec spec, String identityId, long nowMs) {
        String provider = provider(spec.getMetaDataJson());
        if (provider == null) {
            return null;
        }
        BigInteger amount = new BigInteger(spec.getPreciseAmount());
        ObjectNode meta = JSON.createObjectNode();
        meta.put("_shadow_for", spec.getTransactionId());
        meta.put("_provider", provider);
        meta.put("_identity_id", identityId);
        meta.put("_lineage_type", "credit");
        meta.put("_main_balance", spec.getDestinationId());
        TransactionSpec shadow = derived(spec, LineageNames.shadowCreditReference(spec.getReference(), provider),
                LineageNames.shadowIndicator(provider, identityId), LineageNames.aggregateIndicator(identityId), amount,
                "Shadow credit from " + provider, meta, nowMs);
        return new Credited(lineage.credit(provider, amount), shadow);
    }

    /** A debit from a tracked balance; null when no provider has funds left. */
    static Debited debit(FundLineage lineage, TransactionSpec spec, String identityId, long nowMs) {
        FundLineage.Debit debit = lineage.debit(new BigInteger(spec.getPreciseAmount()));
        if (debit.allocations().isEmpty()) {
            return null;
        }
        List<TransactionSpec> releases = new ArrayList<>();
        ArrayNode allocation = JSON.createArrayNode();
        for (Allocation a : debit.allocations()) {
            ObjectNode meta = JSON.createObjectNode();
            meta.put("_shadow_for", spec.getTransactionId());
            meta.put("_provider", a.provider());
            meta.put("_lineage_type", "release");
            meta.put("_main_balance", spec.getSourceId());
            meta.put("_allocation", lineage.strategy().name());
            releases.add(derived(spec, LineageNames.releaseReference(spec.getReference(), a.provider()),
                    LineageNames.aggregateIndicator(identityId), LineageNames.shadowIndicator(a.provider(), identityId),
                    a.amount(), "Release " + a.provider() + " funds", meta, nowMs));
            allocation.addObject().put("provider", a.provider()).put("amount", a.amount());
        }
        ObjectNode meta = object(spec.getMetaDataJson());
        meta.set(FundLineage.FUND_ALLOCATION_KEY, allocation);
        TransactionSpec leg = TransactionSpec.newBuilder(spec).setMetaDataJson(JSON.writeValueAsString(meta)).build();
        return new Debited(debit.after(), releases, leg);
    }

    /**
     * A shadow transaction between two {@code @indicator} balances (created on first use, as Blnk's): overdraft
     * allowed, because the aggregate may see a release before the shadow credit that funds it (they are decided by
     * different owners, in no fixed order), where Blnk holds locks across both.
     */
    private static TransactionSpec derived(TransactionSpec parent, String reference, String source, String destination,
                                           BigInteger amount, String description, ObjectNode meta, long nowMs) {
        return TransactionSpec.newBuilder()
                .setTransactionId(Ids.transactionIdForReference(reference))
                .setReference(reference)
                .setSource(source)
                .setDestination(destination)
                .setSourceId(Ids.indicatorBalanceId(source, parent.getCurrency()))
                .setDestinationId(Ids.indicatorBalanceId(destination, parent.getCurrency()))
                .setPreciseAmount(amount.toString())
                .setPrecision(parent.getPrecision())
                .setCurrency(parent.getCurrency())
                .setDescription(description)
                .setAllowOverdraft(true)
                .setOverdraftLimit("0")
                .setInflight(false)
                .setMetaDataJson(JSON.writeValueAsString(meta))
                .setCreatedAtMs(nowMs)
                .setEffectiveDateMs(null)
                .setSkipQueue(false)
                .build();
    }

    /** The provider a credit names: a non-blank text without whitespace (it becomes part of an indicator). */
    static String provider(String metaDataJson) {
        JsonNode provider = object(metaDataJson).get(FundLineage.PROVIDER_KEY);
        if (provider == null || !provider.isString()) {
            return null;
        }
        String text = provider.asString();
        return text.isBlank() || text.chars().anyMatch(Character::isWhitespace) ? null : text;
    }

    private static ObjectNode object(String json) {
        if (json == null || json.isBlank()) {
            return JSON.createObjectNode();
        }
        JsonNode node = JSON.readTree(json);
        return node instanceof ObjectNode object ? object : JSON.createObjectNode();
    }
}
