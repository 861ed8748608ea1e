package dev.ledgerline.projection.http;

import java.util.List;

import dev.ledgerline.projection.store.BalanceQueries;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /balances/{id}}, {@code GET /balances}, {@code GET /balances/indicator/{indicator}/currency/{currency}}. */
@RestController
public class BalanceController {

    private final BalanceQueries balances;

    public BalanceController(BalanceQueries balances) {
        this.balances = balances;
    }

    @GetMapping("/balances/{id}")
    public Mono<BalanceJson> balance(@PathVariable("id") String id) {
        return balances.byId(id)
                .map(BalanceJson::of)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("BAL_NOT_FOUND", "balance with ID '" + id + "' not found")));
    }

    /** The path variable arrives percent-decoded ({@code %40World} is {@code @World}). */
    @GetMapping("/balances/indicator/{indicator}/currency/{currency}")
    public Mono<BalanceJson> byIndicator(@PathVariable("indicator") String indicator,
                                         @PathVariable("currency") String currency) {
        return balances.byIndicator(indicator, currency)
                .map(BalanceJson::of)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("BAL_NOT_FOUND",
                        "balance with indicator '" + indicator + "' and currency '" + currency + "' not found")));
    }

    @GetMapping("/balances")
    public Mono<List<BalanceJson>> list(@RequestParam(name = "limit", required = false) String limit,
                                        @RequestParam(name = "offset", required = false) String offset) {
        Paging paging = Paging.parse(limit, offset, 10);
        return balances.page(paging.limit(), paging.offset()).map(BalanceJson::of).collectList();
    }
}
