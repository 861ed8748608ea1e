package dev.ledgerline.projection.http;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.ledgerline.projection.store.BalanceQueries;
import dev.ledgerline.projection.store.LineageQueries;
import dev.ledgerline.projection.store.TransactionQueries;

/**
 * Blnk's fund lineage reads: {@code GET /balances/{id}/lineage} (each provider's funds, from its shadow balance) and
 * {@code GET /transactions/{id}/lineage} (a debit's allocation and the shadow transactions made for it). The id of a
 * transaction may be its QUEUED id or the id of its outcome.
 */
@RestController
public class LineageController {

    private final BalanceQueries balances;
    private final LineageQueries lineage;
    private final TransactionQueries transactions;

    public LineageController(BalanceQueries balances, LineageQueries lineage, TransactionQueries transactions) {
        this.balances = balances;
        this.lineage = lineage;
        this.transactions = transactions;
    }

    @GetMapping("/balances/{id}/lineage")
    public Mono<BalanceLineageJson> balanceLineage(@PathVariable("id") String id) {
        return balances.byId(id)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("BAL_NOT_FOUND",
                        "balance with ID '" + id + "' not found")))
                .flatMap(balance -> {
                    if (!balance.tracksFundLineage()) {
                        return Mono.error(new ApiException(HttpStatus.BAD_REQUEST, "GEN_BAD_REQUEST",
                                "balance " + id + " does not have fund lineage tracking enabled"));
                    }
                    return lineage.providersOf(id).collectList().map(rows -> BalanceLineageJson.of(id, rows));
                });
    }

    @GetMapping("/transactions/{id}/lineage")
    public Mono<TransactionLineageJson> transactionLineage(@PathVariable("id") String id) {
        return transactions.byId(id)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("TXN_NOT_FOUND",
                        "transaction with ID '" + id + "' not found")))
                .flatMap(row -> lineage.childIdsOf(id).collectList().flatMap(children -> {
                    // the transaction, its outcome (when id is the QUEUED id) and its QUEUED record (when id is the outcome)
                    List<String> ids = new ArrayList<>(children);
                    ids.add(id);
                    if (!row.parentTransaction().isEmpty()) {
                        ids.add(row.parentTransaction());
                    }
                    Mono<String> allocation = lineage.fundAllocationOf(ids).defaultIfEmpty("");
                    return allocation.flatMap(found -> lineage.shadowsOf(ids).map(TransactionJson::of)
                            .collectList()
                            .map(shadows -> new TransactionLineageJson(id, found.isEmpty() ? null : found, shadows)));
                }));
    }

    /** Blnk's {@code BalanceLineage}. */
    public record BalanceLineageJson(
            @JsonProperty("balance_id") String balanceId,
            @JsonProperty("total_with_lineage") BigInteger totalWithLineage,
            @JsonProperty("aggregate_balance_id") String aggregateBalanceId,
            @JsonProperty("providers") List<Map<String, Object>> providers) {

        static BalanceLineageJson of(String balanceId, List<LineageQueries.ProviderRow> rows) {
            BigInteger total = BigInteger.ZERO;
            List<Map<String, Object>> providers = new ArrayList<>();
            for (LineageQueries.ProviderRow row : rows) {
                BigInteger available = row.amount().subtract(row.spent());
                total = total.add(available);
                Map<String, Object> provider = new LinkedHashMap<>();
                provider.put("provider", row.provider());
                provider.put("amount", row.amount());
                provider.put("available", available);
                provider.put("spent", row.spent());
                provider.put("shadow_balance_id", row.shadowBalanceId());
                providers.add(provider);
            }
            String aggregate = rows.isEmpty() ? "" : rows.get(0).aggregateBalanceId();
            return new BalanceLineageJson(balanceId, total, aggregate, providers);
        }
    }

    /** Blnk's {@code TransactionLineage}; {@code fund_allocation} only on a debit that took from providers. */
    public record TransactionLineageJson(
            @JsonProperty("transaction_id") String transactionId,
            @JsonProperty("fund_allocation") @JsonInclude(JsonInclude.Include.NON_NULL) @JsonRawValue String fundAllocation,
            @JsonProperty("shadow_transactions") List<TransactionJson> shadowTransactions) {
    }
}
