package dev.ledgerline.projection.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.ledgerline.projection.identities.IdentityJson;
import dev.ledgerline.projection.identities.PiiKeys;
import dev.ledgerline.projection.store.IdentityQueries;
import dev.ledgerline.projection.store.LedgerQueries;
import reactor.core.publisher.Mono;

/** What {@code include=identity} and {@code include=ledger} add to a balance. */
@Component
class BalanceIncludes {

    private final IdentityQueries identities;
    private final LedgerQueries ledgers;
    private final PiiKeys keys;

    BalanceIncludes(IdentityQueries identities, LedgerQueries ledgers, PiiKeys keys) {
        this.identities = identities;
        this.ledgers = ledgers;
        this.keys = keys;
    }

    /** The balance as is when nothing known is asked for, otherwise with what was asked and exists. */
    Mono<Object> of(BalanceJson balance, List<String> include) {
        boolean identity = include != null && include.contains("identity");
        boolean ledger = include != null && include.contains("ledger");
        if (!identity && !ledger) {
            return Mono.just(balance);
        }
        Mono<Optional<Map<String, Object>>> embeddedIdentity = identity && !balance.identityId().isEmpty()
                ? identities.byId(balance.identityId()).map(row -> IdentityJson.embedded(row, keys.keyring()))
                        .map(Optional::of).defaultIfEmpty(Optional.empty())
                : Mono.just(Optional.empty());
        Mono<Optional<Map<String, Object>>> embeddedLedger = ledger
                ? ledgers.byId(balance.ledgerId()).map(row -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("ledger_id", row.ledgerId());
                    body.put("name", row.name());
                    body.put("created_at", BlnkTime.format(row.createdAt()));
                    return body;
                }).map(Optional::of).defaultIfEmpty(Optional.empty())
                : Mono.just(Optional.empty());
        return Mono.zip(embeddedIdentity, embeddedLedger).map(both ->
                new BalanceWithIncludes(balance, both.getT1().orElse(null), both.getT2().orElse(null)));
    }
}
