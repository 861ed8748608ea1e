package dev.ledgerline.projection.http;

import java.util.List;

import dev.ledgerline.projection.store.TransactionQueries;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /transactions/{id}}, {@code GET /transactions/reference/{reference}}, {@code GET /transactions}, {@code POST /transactions/filter}. */
@RestController
public class TransactionController {

    private final TransactionQueries transactions;

    public TransactionController(TransactionQueries transactions) {
        this.transactions = transactions;
    }

    @GetMapping("/transactions/{id}")
    public Mono<TransactionJson> transaction(@PathVariable("id") String id) {
        return transactions.byId(id)
                .map(TransactionJson::of)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("TXN_NOT_FOUND", "transaction with ID '" + id + "' not found")));
    }

    @GetMapping("/transactions/reference/{reference}")
    public Mono<TransactionJson> byReference(@PathVariable("reference") String reference) {
        return transactions.byReference(reference)
                .map(TransactionJson::of)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("TXN_NOT_FOUND",
                        "transaction with reference '" + reference + "' not found")));
    }

    @GetMapping("/transactions")
    public Mono<List<TransactionJson>> list(@RequestParam MultiValueMap<String, String> params) {
        return transactions.list(ListParams.parse(params, 20)).map(TransactionJson::of).collectList();
    }

    @PostMapping("/transactions/filter")
    public Mono<Object> filter(@RequestBody FilterRequest request) {
        return FilterResponse.of(request, transactions::list, transactions::count, TransactionJson::of);
    }
}
