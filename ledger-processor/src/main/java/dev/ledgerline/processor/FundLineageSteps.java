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
import dev.ledgerline.core.lineage.LineageHold;
import dev.ledgerline.core.lineage.LineageNames;
import dev.ledgerline.core.lineage.ProviderFunds;
import dev.ledgerline.wire.v1.FundLineageState;
import dev.ledgerline.wire.v1.FundShare;
import dev.ledgerline.wire.v1.LineageHoldState;
import dev.ledgerline.wire.v1.ProviderFundsState;
import dev.ledgerline.wire.v1.TransactionSpec;

/**
 * The balance worker's fund-lineage steps for a balance that tracks lineage: {@link FundLineage} decides, this class
 * maps its state and builds the shadow transactions Blnk creates, as ordinary transactions with derived references
 * (so the coordinator's reference check makes them exactly-once, as refunds).
 * <ul>
 * <li>A settled debit spends providers' funds at once: releases, and the shares for a tracked destination.</li>
 * <li>A hold (inflight, or an atomic group's leg) only sets the shares aside; each commit spends its part (releases
 * then), the void, expiry or group abort gives the rest back. No shadow transaction exists while a hold is open.</li>
 * <li>A credit from a tracked source receives the source's shares ({@code _receive_}); any other credit tagged
 * {@code BLNK_LINEAGE_PROVIDER} is that provider's ({@code _shadow_}). A held credit counts when committed.</li>
 * </ul>
 * The money that moves is named after the record that moved it: a settled transfer's or group leg's reference, the
 * first commit of a hold too (Blnk's names), a later partial commit its own {@code <reference>_commit_<n>}.
 */
final class FundLineageSteps {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private FundLineageSteps() {
    }

    /** A credit that moved the lineage: the lineage after it and the shadow transactions to send. */
    record Credited(FundLineage lineage, List<TransactionSpec> shadows) {
    }

    /**
     * A debit, hold or commit of a tracked source: the lineage after it, the releases to send, the leg with its
     * allocation in its meta_data, and the shares for the destination (null for a hold: the destination receives
     * nothing until a commit).
     */
    record Debited(FundLineage lineage, List<TransactionSpec> releases, TransactionSpec leg, List<FundShare> shares) {
    }

    static FundLineage lineage(FundLineageState state) {
        if (state == null) {
            return null;
        }
        List<ProviderFunds> providers = new ArrayList<>();
        for (ProviderFundsState p : state.getProviders()) {
            providers.add(new ProviderFunds(p.getProvider(), new BigInteger(p.getReceived()), new BigInteger(p.getSpent()),
                    new BigInteger(p.getReserved())));
        }
        List<LineageHold> holds = new ArrayList<>();
        for (LineageHoldState h : state.getHolds()) {
            holds.add(new LineageHold(h.getTransactionId(), new BigInteger(h.getHeld()), allocations(h.getShares())));
        }
        return new FundLineage(AllocationStrategy.valueOf(state.getAllocationStrategy()), providers, holds);
    }

    static FundLineageState state(FundLineage lineage) {
        if (lineage == null) {
            return null;
        }
        List<ProviderFundsState> providers = lineage.providers().stream().map(p -> new ProviderFundsState(p.provider(),
                p.received().toString(), p.spent().toString(), p.reserved().toString())).toList();
        List<LineageHoldState> holds = lineage.holds().stream().map(h -> new LineageHoldState(h.transactionId(),
                h.held().toString(), shares(h.shares()))).toList();
        return new FundLineageState(lineage.strategy().name(), new ArrayList<>(providers), new ArrayList<>(holds));
    }

    /** Whether a transfer only holds at first (inflight, or an atomic group's leg), to be committed or released. */
    static boolean holds(TransactionSpec spec) {
        return spec.getInflight() || spec.getReserve();
    }

    /** A settled credit into a tracked balance: the source's shares when it tracks lineage, else the tag's. */
    static Credited credit(FundLineage lineage, TransactionSpec spec, List<FundShare> fromSource, String identityId,
                           long nowMs) {
        return credited(lineage, spec, fromSource, new BigInteger(spec.getPreciseAmount()), spec.getReference(),
                identityId, nowMs);
    }

    /** A commit of {@code amount} of a held credit into a tracked balance; the source's shares travel with it. */
    static Credited commitCredit(FundLineage lineage, TransactionSpec spec, List<FundShare> fromSource,
                                 BigInteger amount, int sequence, String identityId, long nowMs) {
        return credited(lineage, spec, fromSource, amount, movedBy(spec, sequence), identityId, nowMs);
    }

    private static Credited credited(FundLineage lineage, TransactionSpec spec, List<FundShare> fromSource,
                                     BigInteger amount, String movedBy, String identityId, long nowMs) {
        if (fromSource != null) {
            return received(lineage, spec, allocations(fromSource), movedBy, identityId, nowMs);
        }
        String provider = provider(spec.getMetaDataJson());
        if (provider == null || amount.signum() <= 0) {
            return null;
        }
        ObjectNode meta = JSON.createObjectNode();
        meta.put("_shadow_for", spec.getTransactionId());
        meta.put("_provider", provider);
        meta.put("_identity_id", identityId);
        meta.put("_lineage_type", "credit");
        meta.put("_main_balance", spec.getDestinationId());
        TransactionSpec shadow = derived(spec, LineageNames.shadowCreditReference(movedBy, provider),
                LineageNames.shadowIndicator(provider, identityId), LineageNames.aggregateIndicator(identityId), amount,
                "Shadow credit from " + provider, meta, nowMs);
        return new Credited(lineage.credit(provider, amount), List.of(shadow));
    }

    /**
     * Money from another tracked balance keeps its providers (Blnk's receive transactions: the destination's shadow
     * balance of each provider → its aggregate); the credit's own tag is not used then, so the money counts once.
     */
    private static Credited received(FundLineage lineage, TransactionSpec spec, List<Allocation> shares, String movedBy,
                                     String identityId, long nowMs) {
        if (shares.isEmpty()) {
            return null;
        }
        List<TransactionSpec> receives = new ArrayList<>();
        for (Allocation share : shares) {
            ObjectNode meta = JSON.createObjectNode();
            meta.put("_shadow_for", spec.getTransactionId());
            meta.put("_provider", share.provider());
            meta.put("_lineage_type", "receive");
            meta.put("_main_balance", spec.getDestinationId());
            meta.put("_from_balance", spec.getSourceId());
            receives.add(derived(spec, LineageNames.receiveReference(movedBy, share.provider()),
                    LineageNames.shadowIndicator(share.provider(), identityId), LineageNames.aggregateIndicator(identityId),
                    share.amount(), "Receive " + share.provider() + " funds", meta, nowMs));
        }
        return new Credited(lineage.receive(shares), receives);
    }

    /** A settled debit from a tracked balance: providers pay at once. */
    static Debited debit(FundLineage lineage, TransactionSpec spec, String identityId, long nowMs) {
        FundLineage.Debit debit = lineage.debit(new BigInteger(spec.getPreciseAmount()));
        return debited(lineage, debit, spec, spec.getReference(), identityId, nowMs);
    }

    /**
     * A hold on a tracked balance: the shares are set aside and shown on the leg's {@code BLNK_FUND_ALLOCATION} (as
     * Blnk allocates an inflight debit when it is made); nothing is released and the destination receives nothing
     * until a commit.
     */
    static Debited hold(FundLineage lineage, TransactionSpec spec) {
        FundLineage.Debit hold = lineage.hold(spec.getTransactionId(), new BigInteger(spec.getPreciseAmount()));
        return new Debited(hold.after(), List.of(), withAllocation(spec, hold.allocations()), null);
    }

    /** A commit of {@code amount} of a hold on a tracked balance: its part of the hold's shares is spent now. */
    static Debited commit(FundLineage lineage, TransactionSpec spec, BigInteger amount, int sequence, String identityId,
                          long nowMs) {
        FundLineage.Debit commit = lineage.commit(spec.getTransactionId(), amount);
        return debited(lineage, commit, spec, movedBy(spec, sequence), identityId, nowMs);
    }

    private static Debited debited(FundLineage before, FundLineage.Debit debit, TransactionSpec spec, String movedBy,
                                   String identityId, long nowMs) {
        List<TransactionSpec> releases = new ArrayList<>();
        for (Allocation a : debit.allocations()) {
            ObjectNode meta = JSON.createObjectNode();
            meta.put("_shadow_for", spec.getTransactionId());
            meta.put("_provider", a.provider());
            meta.put("_lineage_type", "release");
            meta.put("_main_balance", spec.getSourceId());
            meta.put("_allocation", before.strategy().name());
            releases.add(derived(spec, LineageNames.releaseReference(movedBy, a.provider()),
                    LineageNames.aggregateIndicator(identityId), LineageNames.shadowIndicator(a.provider(), identityId),
                    a.amount(), "Release " + a.provider() + " funds", meta, nowMs));
        }
        return new Debited(debit.after(), releases, withAllocation(spec, debit.allocations()),
                shares(debit.allocations()));
    }

    /** The transfer with Blnk's {@code BLNK_FUND_ALLOCATION} in its meta_data (unchanged when nothing was allocated). */
    private static TransactionSpec withAllocation(TransactionSpec spec, List<Allocation> allocations) {
        if (allocations.isEmpty()) {
            return spec;
        }
        ArrayNode allocation = JSON.createArrayNode();
        for (Allocation a : allocations) {
            allocation.addObject().put("provider", a.provider()).put("amount", a.amount());
        }
        ObjectNode meta = object(spec.getMetaDataJson());
        meta.set(FundLineage.FUND_ALLOCATION_KEY, allocation);
        return TransactionSpec.newBuilder(spec).setMetaDataJson(JSON.writeValueAsString(meta)).build();
    }

    /**
     * The reference the money of a movement is named after: the transfer's own for a settled transfer, a group leg's
     * settlement (sequence 0) and a hold's first commit (Blnk's names); {@code <reference>_commit_<n>} for a later
     * partial commit, the reference of its own record, so that every movement's shadow transactions are distinct.
     */
    private static String movedBy(TransactionSpec spec, int sequence) {
        return sequence <= 1 ? spec.getReference() : Ids.actionReference(spec.getReference(), true, sequence);
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

    private static List<FundShare> shares(List<Allocation> allocations) {
        return new ArrayList<>(allocations.stream().map(a -> new FundShare(a.provider(), a.amount().toString())).toList());
    }

    private static List<Allocation> allocations(List<FundShare> shares) {
        return shares.stream().map(s -> new Allocation(s.getProvider(), new BigInteger(s.getAmount()))).toList();
    }

    private static ObjectNode object(String json) {
        if (json == null || json.isBlank()) {
            return JSON.createObjectNode();
        }
        JsonNode node = JSON.readTree(json);
        return node instanceof ObjectNode object ? object : JSON.createObjectNode();
    }
}
