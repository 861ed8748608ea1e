package dev.ledgerline.projection.http;

import dev.ledgerline.projection.store.LedgerQueries;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.List;

/** {@code GET /ledgers/{id}} and {@code GET /ledgers}, {@code POST /ledgers/filter}. */
@RestController
public class LedgerController {

    private final LedgerQueries ledgers;

    public LedgerController(LedgerQueries ledgers) {
        this.ledgers = ledgers;
    }

    @GetMapping("/ledgers/{id}")
    public Mono<LedgerJson> ledger(@PathVariable("id") String id) {
        return ledgers.byId(id)
                .map(LedgerJson::of)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("LGR_NOT_FOUND", "ledger with ID '" + id + "' not found")));
    }

    @GetMapping("/ledgers")
    public Mono<List<LedgerJson>> list(@RequestParam MultiValueMap<String, String> params) {
        return ledgers.list(ListParams.parse(params, ListLimits.LEDGERS)).map(LedgerJson::of).collectList();
    }

    @PostMapping("/ledgers/filter")
    public Mono<Object> filter(@RequestBody FilterRequest request) {
        return FilterResponse.of(request, ledgers::list, ledgers::count, LedgerJson::of);
    }
}
