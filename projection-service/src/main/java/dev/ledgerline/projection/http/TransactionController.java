package dev.ledgerline.projection.http;

import java.util.List;

import dev.ledgerline.projection.store.TransactionQueries;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /transactions/{id}}, {@code GET /transactions/reference/{reference}}, {@code GET /transactions}. */
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
    public Mono<List<TransactionJson>> list(@RequestParam(name = "limit", required = false) String limit,
                                            @RequestParam(name = "offset", required = false) String offset) {
        Paging paging = Paging.parse(limit, offset, 20);
        return transactions.page(paging.limit(), paging.offset()).map(TransactionJson::of).collectList();
    }
}
