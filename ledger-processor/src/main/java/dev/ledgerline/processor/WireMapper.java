package dev.ledgerline.processor;

import java.math.BigInteger;

import dev.ledgerline.core.Balance;
import dev.ledgerline.core.Entry;
import dev.ledgerline.core.Ids;
import dev.ledgerline.core.OpenBalance;
import dev.ledgerline.core.Transfer;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.BalanceState;
import dev.ledgerline.wire.v1.EntryKind;
import dev.ledgerline.wire.v1.TransactionSpec;

/** Pure, total mapping between the Avro wire types and ledger-core's balance types. */
final class WireMapper {

    private WireMapper() {
    }

    static Transfer transfer(TransactionSpec spec) {
        long effectiveAt = spec.getEffectiveDateMs() != null ? spec.getEffectiveDateMs() : spec.getCreatedAtMs();
        return new Transfer(
                spec.getTransactionId(),
                spec.getSourceId(),
                spec.getDestinationId(),
                Ids.isIndicator(spec.getSource()) ? spec.getSource() : null,
                Ids.isIndicator(spec.getDestination()) ? spec.getDestination() : null,
                new BigInteger(spec.getPreciseAmount()),
                spec.getCurrency(),
                spec.getAllowOverdraft(),
                new BigInteger(spec.getOverdraftLimit()),
                effectiveAt,
                // An atomic group's leg reserves first (a hold), whatever it becomes once the group decides.
                spec.getInflight() || spec.getReserve());
    }

    /** The worker's command that opens the balance a {@code POST /balances} asked for. */
    static dev.ledgerline.wire.v1.OpenBalance opening(dev.ledgerline.wire.v1.CreateBalance create) {
        return new dev.ledgerline.wire.v1.OpenBalance(create.getBalanceId(), create.getLedgerId(), create.getCurrency(),
                create.getIndicator(), create.getIdentityId(), create.getMetaDataJson(), create.getCreatedAtMs(),
                create.getAllocationStrategy());
    }

    static OpenBalance openBalance(dev.ledgerline.wire.v1.OpenBalance wire) {
        return new OpenBalance(wire.getBalanceId(), wire.getLedgerId(), wire.getCurrency(), wire.getIndicator(),
                wire.getIdentityId(), wire.getMetaDataJson(), wire.getCreatedAtMs());
    }

    /** The monitors of a stored balance; none for a missing balance or one stored without monitors. */
    static java.util.List<dev.ledgerline.wire.v1.WatchedMonitor> monitors(BalanceState state) {
        return state == null || state.getMonitors() == null ? java.util.List.of() : state.getMonitors();
    }

    static Balance balance(BalanceState state) {
        if (state == null) {
            return null;
        }
        return new Balance(state.getBalanceId(), state.getLedgerId(), state.getCurrency(), state.getIndicator(),
                state.getIdentityId(), new BigInteger(state.getCreditBalance()), new BigInteger(state.getDebitBalance()),
                new BigInteger(state.getInflightCreditBalance()), new BigInteger(state.getInflightDebitBalance()),
                state.getVersion(), state.getHeadHash(), state.getCreatedAtMs(), state.getMetaDataJson());
    }

    static BalanceState balanceState(Balance balance) {
        return balanceState(balance, java.util.List.of());
    }

    /** No monitors are stored as null: the cheapest to encode and decode on every write of every balance. */
    static BalanceState balanceState(Balance balance, java.util.List<dev.ledgerline.wire.v1.WatchedMonitor> monitors) {
        return BalanceState.newBuilder()
                .setBalanceId(balance.balanceId())
                .setLedgerId(balance.ledgerId())
                .setCurrency(balance.currency())
                .setIndicator(balance.indicator())
                .setIdentityId(balance.identityId())
                .setCreditBalance(balance.creditBalance().toString())
                .setDebitBalance(balance.debitBalance().toString())
                .setInflightCreditBalance(balance.inflightCreditBalance().toString())
                .setInflightDebitBalance(balance.inflightDebitBalance().toString())
                .setVersion(balance.version())
                .setHeadHash(balance.headHash())
                .setCreatedAtMs(balance.createdAtMs())
                .setMetaDataJson(balance.metaDataJson())
                .setMonitors(monitors.isEmpty() ? null : monitors)
                .build();
    }

    static BalanceEntry entry(Entry entry) {
        return BalanceEntry.newBuilder()
                .setBalanceId(entry.balanceId())
                .setVersion(entry.version())
                .setKind(EntryKind.valueOf(entry.kind().name()))
                .setLedgerId(entry.ledgerId())
                .setCurrency(entry.currency())
                .setIndicator(entry.indicator())
                .setIdentityId(entry.identityId())
                .setTransactionId(entry.transactionId())
                .setAmount(entry.amount().toString())
                .setBalance(entry.balance().toString())
                .setCreditBalance(entry.creditBalance().toString())
                .setDebitBalance(entry.debitBalance().toString())
                .setInflightBalance(entry.inflightBalance().toString())
                .setInflightCreditBalance(entry.inflightCreditBalance().toString())
                .setInflightDebitBalance(entry.inflightDebitBalance().toString())
                .setMetaDataJson(entry.metaDataJson())
                .setBalanceCreatedAtMs(entry.balanceCreatedAtMs())
                .setRecordedAtMs(entry.recordedAtMs())
                .setEffectiveAtMs(entry.effectiveAtMs())
                .setPrevHash(entry.prevHash())
                .setHash(entry.hash())
                .build();
    }
}
