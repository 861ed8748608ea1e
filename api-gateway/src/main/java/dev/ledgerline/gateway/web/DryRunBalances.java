package dev.ledgerline.gateway.web;

import java.math.BigInteger;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.core.Balance;
import dev.ledgerline.core.BalanceDecisions;
import dev.ledgerline.core.Canonical;
import dev.ledgerline.core.Decision;
import dev.ledgerline.core.HoldAction;
import dev.ledgerline.core.HoldSide;
import dev.ledgerline.core.LedgerInvariantViolation;
import dev.ledgerline.core.RejectionReason;
import dev.ledgerline.core.Transfer;
import dev.ledgerline.gateway.error.ErrorMapper;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The balances a dry run touches: what the projection shows now ({@code current}) and working copies that
 * ledger-core's {@link BalanceDecisions} moves, leg after leg, exactly as the balance workers would. Nothing here
 * decides a balance rule itself. A balance the projection does not know is null (ledger-core then rejects it, or
 * opens it when it is an {@code @indicator}: such a balance is {@code virtual} and starts at zero).
 */
final class DryRunBalances {

    /** One balance: as projected ({@code current}, null when unknown) and as it would be ({@code working}). */
    private static final class Slot {
        final Balance current;
        Balance working;
        final LinkedHashSet<String> roles = new LinkedHashSet<>();

        Slot(Balance current) {
            this.current = current;
            this.working = current;
        }
    }

    private final Map<String, Slot> slots;

    private DryRunBalances(Map<String, Slot> slots) {
        this.slots = slots;
    }

    /** Reads every id from the projection (in parallel); 404 = unknown. */
    static Mono<DryRunBalances> load(ProjectionClient projection, Collection<String> balanceIds) {
        return Flux.fromIterable(new LinkedHashSet<>(balanceIds))
                .flatMapSequential(id -> projection.balance(id).map(found -> Map.entry(id, found)))
                .collectList()
                .map(found -> {
                    Map<String, Slot> slots = new LinkedHashMap<>();
                    for (Map.Entry<String, Optional<JsonNode>> entry : found) {
                        slots.put(entry.getKey(), new Slot(entry.getValue().map(DryRunBalances::balanceOf).orElse(null)));
                    }
                    return new DryRunBalances(slots);
                });
    }

    /** A copy whose working balances can move without touching these (for all-or-nothing groups). */
    DryRunBalances copy() {
        Map<String, Slot> copied = new LinkedHashMap<>();
        slots.forEach((id, slot) -> {
            Slot twin = new Slot(slot.current);
            twin.working = slot.working;
            twin.roles.addAll(slot.roles);
            copied.put(id, twin);
        });
        return new DryRunBalances(copied);
    }

    /**
     * Takes over the roles of {@code other}, a {@link #copy()} of this, and its working state when {@code moved}
     * (an all-or-nothing group that would apply); otherwise nothing moves.
     */
    void adopt(DryRunBalances other, boolean moved) {
        other.slots.forEach((id, slot) -> {
            Slot mine = slots.get(id);
            if (moved) {
                mine.working = slot.working;
            }
            mine.roles.addAll(slot.roles);
        });
    }

    void role(String balanceId, String role) {
        slots.get(balanceId).roles.add(role);
    }

    /**
     * A transfer leg as the processor runs it: {@code prepareCredit} at the destination, {@code debit} at the source,
     * then {@code credit} at the destination. Moves the working copies only when it would apply; returns the refusal.
     */
    RejectionReason transfer(Transfer transfer, long nowMs) {
        role(transfer.sourceId(), "source");
        role(transfer.destinationId(), "destination");
        Decision prepared = BalanceDecisions.prepareCredit(working(transfer.destinationId()), transfer, nowMs);
        if (prepared instanceof Decision.Rejected rejected) {
            return rejected.reason();
        }
        Decision debited = BalanceDecisions.debit(working(transfer.sourceId()), transfer, nowMs);
        if (debited instanceof Decision.Rejected rejected) {
            return rejected.reason();
        }
        Balance destination = ((Decision.Applied) prepared).balance();
        slots.get(transfer.sourceId()).working = ((Decision.Applied) debited).balance();
        Decision credited = BalanceDecisions.credit(destination, transfer, nowMs);
        slots.get(transfer.destinationId()).working = ((Decision.Applied) credited).balance();
        return null;
    }

    /**
     * Commit or void {@code amount} of a hold: {@code settleHold} on the source, then on the destination. The hold
     * must be visible in the projection; when it is not (yet), the preview cannot be made from it: 503.
     */
    void settleHold(HoldAction action, String sourceId, String destinationId, BigInteger amount, String transactionId,
                    long nowMs) {
        role(sourceId, "source");
        role(destinationId, "destination");
        try {
            slots.get(sourceId).working = ((Decision.Applied) BalanceDecisions.settleHold(working(sourceId), action,
                    HoldSide.SOURCE, amount, transactionId, nowMs, nowMs)).balance();
            slots.get(destinationId).working = ((Decision.Applied) BalanceDecisions.settleHold(working(destinationId),
                    action, HoldSide.DESTINATION, amount, transactionId, nowMs, nowMs)).balance();
        } catch (LedgerInvariantViolation projectionBehind) {
            throw ErrorMapper.projectionUnavailable();
        }
    }

    private Balance working(String balanceId) {
        return slots.get(balanceId).working;
    }

    /** Blnk's {@code balances[]} of a preview: every touched balance, current and resulting fields as strings. */
    ArrayNode render() {
        ArrayNode array = dev.ledgerline.gateway.json.Json.MAPPER.createArrayNode();
        slots.forEach((id, slot) -> {
            if (slot.roles.isEmpty()) {
                return;
            }
            ObjectNode item = array.addObject();
            item.put("balance_id", id);
            item.put("role", String.join(",", slot.roles));
            item.put("virtual", slot.current == null);
            if (slot.working != null) {
                item.put("currency", slot.working.currency());
            }
            fields(item, "current_", slot.current);
            fields(item, "resulting_", slot.working);
        });
        return array;
    }

    private static void fields(ObjectNode item, String prefix, Balance balance) {
        Balance b = balance == null ? zero() : balance;
        item.put(prefix + "balance", b.balance().toString());
        item.put(prefix + "credit_balance", b.creditBalance().toString());
        item.put(prefix + "debit_balance", b.debitBalance().toString());
        item.put(prefix + "inflight_balance", b.inflightBalance().toString());
        item.put(prefix + "inflight_credit_balance", b.inflightCreditBalance().toString());
        item.put(prefix + "inflight_debit_balance", b.inflightDebitBalance().toString());
    }

    private static Balance zero() {
        return new Balance("", "", "", null, "", BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO,
                0, Canonical.GENESIS_HASH, 0, "{}");
    }

    /**
     * The projection's balance as ledger-core's {@link Balance}. Its hash chain head is not projected and a preview
     * writes no entry, so the working copy chains onto the genesis hash; only the amounts matter here.
     */
    static Balance balanceOf(JsonNode json) {
        return new Balance(text(json, "balance_id"), text(json, "ledger_id"), text(json, "currency"),
                json.hasNonNull("indicator") && !text(json, "indicator").isEmpty() ? text(json, "indicator") : null,
                text(json, "identity_id"), money(json, "credit_balance"), money(json, "debit_balance"),
                money(json, "inflight_credit_balance"), money(json, "inflight_debit_balance"),
                json.hasNonNull("version") ? json.get("version").asLong() : 0, Canonical.GENESIS_HASH, 0, "{}");
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() ? "" : node.asString();
    }

    private static BigInteger money(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() ? BigInteger.ZERO : node.bigIntegerValue();
    }
}
