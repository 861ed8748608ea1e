package dev.ledgerline.projection.http;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

import dev.ledgerline.projection.store.BalanceQueries;
import dev.ledgerline.projection.store.BalanceSnapshots;
import dev.ledgerline.projection.store.HistoricalBalance;
import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /balances/{id}} (with {@code ?with_queued=true}), {@code GET /balances/{id}/at},
 * {@code GET /balances}, {@code POST /balances/filter},
 * {@code GET /balances/indicator/{indicator}/currency/{currency}}.
 */
@RestController
public class BalanceController {

    private final BalanceQueries balances;
    private final BalanceSnapshots snapshots;
    private final BalanceIncludes includes;

    public BalanceController(BalanceQueries balances, BalanceSnapshots snapshots, BalanceIncludes includes) {
        this.balances = balances;
        this.snapshots = snapshots;
        this.includes = includes;
    }

    /**
     * {@code include} is repeated for each thing to embed ({@code identity}, {@code ledger}); a comma list and
     * unknown values are ignored, as in Blnk.
     */
    @GetMapping("/balances/{id}")
    public Mono<Object> balance(@PathVariable("id") String id,
                                @RequestParam(name = "with_queued", required = false) String withQueued,
                                @RequestParam(name = "include", required = false) List<String> include) {
        return balanceJson(id, withQueued).flatMap(balance -> includes.of(balance, include));
    }

    private Mono<BalanceJson> balanceJson(String id, String withQueued) {
        Mono<BalanceJson> found = "true".equalsIgnoreCase(withQueued == null ? "" : withQueued.strip())
                ? balances.byId(id).flatMap(row -> balances.queuedSums(id)
                        .map(sums -> BalanceJson.of(row, sums[0], sums[1])))
                : balances.byId(id).map(BalanceJson::of);
        return found.switchIfEmpty(Mono.error(() -> ApiException.notFound("BAL_NOT_FOUND", "balance with ID '" + id + "' not found")));
    }

    /**
     * The settled balance at {@code timestamp}, summed from the balance's hash-chained entries: from the latest
     * snapshot at or before it ({@code POST /balances-snapshots}) when there is one, from the first entry with
     * {@code from_source=true} or without a snapshot. Both give the same totals. Inflight is not reconstructed, as in
     * Blnk.
     */
    @GetMapping("/balances/{id}/at")
    public Mono<HistoricalBalanceJson> balanceAt(@PathVariable("id") String id,
                                                 @RequestParam(name = "timestamp", required = false) String timestamp,
                                                 @RequestParam(name = "from_source", required = false) String fromSource) {
        OffsetDateTime at = timestamp(timestamp);
        boolean source = fromSource(fromSource);
        String echoed = BlnkTime.format(at.toInstant());
        Mono<HistoricalBalance> summed = source ? balances.at(id, at)
                : snapshots.latestAtOrBefore(id, at).flatMap(snapshot -> balances.at(snapshot, at))
                        .switchIfEmpty(Mono.defer(() -> balances.at(id, at)));
        return summed
                .filter(found -> found.entries() > 0)
                .map(found -> HistoricalBalanceJson.of(found, echoed, source))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("BAL_HISTORY_NOT_FOUND",
                        "no balance history found for balance '" + id + "' at " + echoed)));
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
    public Mono<List<BalanceJson>> list(@RequestParam MultiValueMap<String, String> params) {
        return balances.list(ListParams.parse(params, ListLimits.BALANCES)).map(BalanceJson::of).collectList();
    }

    @PostMapping("/balances/filter")
    public Mono<Object> filter(@RequestBody FilterRequest request) {
        return FilterResponse.of(request, balances::list, balances::count, BalanceJson::of);
    }

    private static OffsetDateTime timestamp(String value) {
        if (value == null || value.isBlank()) {
            throw invalidTimestamp("timestamp is required (RFC 3339, e.g. 2024-01-01T15:04:05Z)");
        }
        OffsetDateTime at;
        try {
            at = OffsetDateTime.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw invalidTimestamp("invalid timestamp '" + ListParams.shorten(value) + "': use RFC 3339, e.g. 2024-01-01T15:04:05Z");
        }
        if (at.getYear() < 1 || at.getYear() > 9999) {
            throw invalidTimestamp("timestamp out of range");
        }
        return at;
    }

    private static boolean fromSource(String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.validation("from_source must be true or false");
        };
    }

    private static ApiException invalidTimestamp(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "BAL_INVALID_TIMESTAMP", message);
    }
}
