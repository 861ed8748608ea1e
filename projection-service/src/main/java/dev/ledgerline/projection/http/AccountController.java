package dev.ledgerline.projection.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.ledgerline.projection.identities.IdentityJson;
import dev.ledgerline.projection.identities.PiiKeys;
import dev.ledgerline.projection.store.AccountQueries;
import dev.ledgerline.projection.store.AccountRow;
import dev.ledgerline.projection.store.BalanceQueries;
import dev.ledgerline.projection.store.IdentityQueries;
import dev.ledgerline.projection.store.LedgerQueries;
import reactor.core.publisher.Mono;

/**
 * Blnk's account reads: {@code GET /accounts/{id}} ({@code include=balance|identity|ledger}, repeated),
 * {@code GET /accounts} (Blnk's query filters; a page of 20 by default, at most 100) and {@code POST /accounts/filter}.
 */
@RestController
public class AccountController {

    private final AccountQueries accounts;
    private final BalanceQueries balances;
    private final IdentityQueries identities;
    private final LedgerQueries ledgers;
    private final PiiKeys keys;

    public AccountController(AccountQueries accounts, BalanceQueries balances, IdentityQueries identities,
                             LedgerQueries ledgers, PiiKeys keys) {
        this.accounts = accounts;
        this.balances = balances;
        this.identities = identities;
        this.ledgers = ledgers;
        this.keys = keys;
    }

    @GetMapping("/accounts/{id}")
    public Mono<Map<String, Object>> account(@PathVariable("id") String id,
                                             @RequestParam(name = "include", required = false) List<String> include) {
        return accounts.byId(id)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("ACC_NOT_FOUND",
                        "account with ID '" + id + "' not found")))
                .flatMap(row -> withIncludes(row, include == null ? List.of() : include));
    }

    @GetMapping("/accounts")
    public Mono<List<Map<String, Object>>> list(@RequestParam MultiValueMap<String, String> params) {
        return accounts.list(ListParams.parse(params, ListLimits.ACCOUNTS))
                .map(row -> AccountJson.of(row, keys.keyring())).collectList();
    }

    @PostMapping("/accounts/filter")
    public Mono<Object> filter(@RequestBody FilterRequest request) {
        return FilterResponse.of(request, accounts::list, accounts::count, row -> AccountJson.of(row, keys.keyring()));
    }

    /** Each included part that exists replaces its null (Blnk joins with LEFT JOIN); unknown values are ignored. */
    private Mono<Map<String, Object>> withIncludes(AccountRow row, List<String> include) {
        Map<String, Object> body = AccountJson.of(row, keys.keyring());
        Mono<Optional<Object>> balance = include.contains("balance")
                ? balances.byId(row.balanceId()).map(b -> Optional.<Object>of(BalanceJson.of(b)))
                        .defaultIfEmpty(Optional.empty())
                : Mono.just(Optional.empty());
        Mono<Optional<Object>> identity = include.contains("identity")
                ? identities.byId(row.identityId()).map(i -> Optional.<Object>of(IdentityJson.of(i, keys.keyring())))
                        .defaultIfEmpty(Optional.empty())
                : Mono.just(Optional.empty());
        Mono<Optional<Object>> ledger = include.contains("ledger")
                ? ledgers.byId(row.ledgerId()).map(l -> Optional.<Object>of(embeddedLedger(l)))
                        .defaultIfEmpty(Optional.empty())
                : Mono.just(Optional.empty());
        return Mono.zip(balance, identity, ledger).map(parts -> {
            parts.getT1().ifPresent(value -> body.put("balance", value));
            parts.getT2().ifPresent(value -> body.put("identity", value));
            parts.getT3().ifPresent(value -> body.put("ledger", value));
            return body;
        });
    }

    /** Blnk's embedded ledger: id, name and creation time only. */
    private static Map<String, Object> embeddedLedger(dev.ledgerline.projection.store.LedgerRow row) {
        Map<String, Object> ledger = new LinkedHashMap<>();
        ledger.put("ledger_id", row.ledgerId());
        ledger.put("name", row.name());
        ledger.put("created_at", BlnkTime.format(row.createdAt()));
        return ledger;
    }
}
