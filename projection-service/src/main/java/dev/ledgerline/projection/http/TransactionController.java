package dev.ledgerline.projection.http;

import java.util.List;

import dev.ledgerline.projection.store.TransactionQueries;
import dev.ledgerline.projection.store.TransactionRow;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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

    // Clients poll these two after a 201 QUEUED until the record is readable, so "not yet" is answered as a plain
    // response: through an exception, WebFlux resolves an exception handler per request, which cost more CPU than
    // the query itself.
    @GetMapping("/transactions/{id}")
    public Mono<ResponseEntity<Object>> transaction(@PathVariable("id") String id) {
        return found(transactions.byId(id), "transaction with ID '" + id + "' not found");
    }

    @GetMapping("/transactions/reference/{reference}")
    public Mono<ResponseEntity<Object>> byReference(@PathVariable("reference") String reference) {
        return found(transactions.byReference(reference), "transaction with reference '" + reference + "' not found");
    }

    private static Mono<ResponseEntity<Object>> found(Mono<TransactionRow> row, String notFoundMessage) {
        return row.<ResponseEntity<Object>>map(found -> ResponseEntity.ok(TransactionJson.of(found)))
                .defaultIfEmpty(ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body(BlnkError.of("TXN_NOT_FOUND", notFoundMessage)));
    }

    @GetMapping("/transactions")
    public Mono<List<TransactionJson>> list(@RequestParam MultiValueMap<String, String> params) {
        return transactions.list(ListParams.parse(params, ListLimits.TRANSACTIONS)).map(TransactionJson::of).collectList();
    }

    @PostMapping("/transactions/filter")
    public Mono<Object> filter(@RequestBody FilterRequest request) {
        return FilterResponse.of(request, transactions::list, transactions::count, TransactionJson::of);
    }
}
