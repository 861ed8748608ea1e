package dev.ledgerline.projection.http;

import java.util.List;

import dev.ledgerline.projection.store.BalanceMonitorQueries;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Blnk's monitor reads: {@code GET /balance-monitors/{id}}, {@code /balance-monitors}, {@code /balance-monitors/balances/{id}}. */
@RestController
public class BalanceMonitorController {

    private final BalanceMonitorQueries monitors;

    public BalanceMonitorController(BalanceMonitorQueries monitors) {
        this.monitors = monitors;
    }

    @GetMapping("/balance-monitors/{id}")
    public Mono<BalanceMonitorJson> monitor(@PathVariable("id") String id) {
        return monitors.byId(id).map(BalanceMonitorJson::of).switchIfEmpty(Mono.error(() -> ApiException.notFound(
                "BAL_MONITOR_NOT_FOUND", "Monitor with ID '" + id + "' not found")));
    }

    /** Every monitor, oldest first, without paging as in Blnk ({@code []} when there is none; Blnk answers null). */
    @GetMapping("/balance-monitors")
    public Mono<List<BalanceMonitorJson>> all() {
        return monitors.all().map(BalanceMonitorJson::of).collectList();
    }

    @GetMapping("/balance-monitors/balances/{balanceId}")
    public Mono<List<BalanceMonitorJson>> ofBalance(@PathVariable("balanceId") String balanceId) {
        return monitors.ofBalance(balanceId).map(BalanceMonitorJson::of).collectList();
    }
}
