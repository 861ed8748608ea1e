package dev.ledgerline.gateway.accounts;

import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.core.Ids;
import dev.ledgerline.core.account.AccountNumbers;
import dev.ledgerline.core.account.AccountRules;
import dev.ledgerline.gateway.access.GeneratedBy;
import dev.ledgerline.gateway.error.ErrorMapper;
import dev.ledgerline.gateway.json.BlnkTime;
import dev.ledgerline.gateway.json.Json;
import dev.ledgerline.gateway.json.JsonFields;
import dev.ledgerline.gateway.kafka.LedgerCommandSender;
import dev.ledgerline.gateway.web.JsonResponses;
import dev.ledgerline.gateway.web.LedgerCommands;
import dev.ledgerline.gateway.web.ProjectionClient;
import dev.ledgerline.wire.v1.AccountRecord;
import dev.ledgerline.wire.v1.CreateAccount;
import dev.ledgerline.wire.v1.CreateBalance;
import dev.ledgerline.wire.v1.Reply;
import reactor.core.publisher.Mono;

/**
 * Blnk's accounts (scope {@code accounts}). {@code POST /accounts} is decided in the processor, never from the read
 * model: the account's balance's worker supplies its ledger, identity and currency, and the owner of the account
 * number registers it (docs/ARCHITECTURE.md, "Accounts"). Without {@code balance_id}, a balance is first opened in
 * {@code ledger_id} for {@code identity_id} and {@code currency} through {@code POST /balances}'s own path. Reads are
 * forwarded to projection-service; {@code GET /mocked-account} is answered here.
 */
@RestController
public class AccountController {

    private final LedgerCommandSender sender;
    private final ProjectionClient projection;
    private final SecureRandom random = new SecureRandom();

    public AccountController(LedgerCommandSender sender, ProjectionClient projection) {
        this.sender = sender;
        this.projection = projection;
    }

    @PostMapping("/accounts")
    public Mono<ResponseEntity<String>> create(@RequestBody(required = false) byte[] body, ServerWebExchange exchange) {
        JsonFields fields = new JsonFields(GeneratedBy.tag(Json.parseObject(body), exchange));
        String balanceId = orEmpty(fields.string("balance_id"));
        String ledgerId = orEmpty(fields.string("ledger_id"));
        String identityId = orEmpty(fields.string("identity_id"));
        String currency = orEmpty(fields.string("currency"));
        AccountRules.problem(balanceId, ledgerId, identityId, currency).ifPresent(problem -> {
            throw ErrorMapper.validation(problem, null);
        });
        long now = System.currentTimeMillis();
        AccountRecord account = AccountRecord.newBuilder()
                .setAccountId(Ids.accountId(UUID.randomUUID()))
                .setName(orEmpty(fields.string("name")))
                .setNumber(orElse(fields.string("number"), () -> AccountNumbers.random(random)))
                .setBankName(orElse(fields.string("bank_name"), () -> AccountNumbers.MOCKED_BANK_NAME))
                .setBalanceId(balanceId)
                .setMetaDataJson(Json.compact(fields.object("meta_data")))
                .setCreatedAtMs(now)
                .build();
        Mono<String> balance = balanceId.isEmpty() ? openBalance(ledgerId, identityId, currency, now)
                : Mono.just(balanceId);
        return balance.flatMap(id -> {
            AccountRecord forBalance = AccountRecord.newBuilder(account).setBalanceId(id).build();
            return LedgerCommands.send(sender, id, new CreateAccount(forBalance), now);
        }).map(reply -> JsonResponses.created(render(accountOf(reply))));
    }

    /** Blnk's mock bank account generator: a bank name and a random 12-digit number, nothing stored. */
    @GetMapping("/mocked-account")
    public Map<String, String> mockedAccount() {
        return Map.of("bank_name", AccountNumbers.MOCKED_BANK_NAME, "account_number", AccountNumbers.random(random));
    }

    @GetMapping({"/accounts", "/accounts/{id}"})
    public Mono<ResponseEntity<byte[]>> read(ServerHttpRequest request) {
        return projection.forward(request);
    }

    @PostMapping("/accounts/filter")
    public Mono<ResponseEntity<byte[]>> filter(ServerHttpRequest request, @RequestBody(required = false) byte[] body) {
        byte[] forwarded = body == null || body.length == 0 ? "{}".getBytes() : body;
        Json.parseObject(forwarded); // depth, characters and lengths checked before the projection sees it
        return projection.forwardWithBody(request, forwarded);
    }

    /** The balance an account without {@code balance_id} gets, opened as {@code POST /balances} opens one. */
    private Mono<String> openBalance(String ledgerId, String identityId, String currency, long now) {
        String balanceId = Ids.balanceId(UUID.randomUUID());
        CreateBalance create = CreateBalance.newBuilder().setBalanceId(balanceId).setLedgerId(ledgerId)
                .setCurrency(currency).setIndicator(null).setIdentityId(identityId).setMetaDataJson("{}")
                .setCreatedAtMs(now).build();
        return LedgerCommands.send(sender, ledgerId, create, now).map(reply -> balanceId);
    }

    private static AccountRecord accountOf(Reply reply) {
        if (reply.getAccount() == null) {
            throw ErrorMapper.internal();
        }
        return reply.getAccount();
    }

    /** Blnk's account object as created: nothing included, the name as given (reads show the identity's otherwise). */
    static ObjectNode render(AccountRecord account) {
        ObjectNode body = Json.object();
        body.put("account_id", account.getAccountId());
        body.put("name", account.getName());
        body.put("number", account.getNumber());
        body.put("bank_name", account.getBankName());
        body.put("currency", account.getCurrency());
        body.put("balance_id", account.getBalanceId());
        body.put("identity_id", account.getIdentityId());
        body.put("ledger_id", account.getLedgerId());
        body.putNull("ledger");
        body.putNull("balance");
        body.putNull("identity");
        body.put("created_at", BlnkTime.formatMillis(account.getCreatedAtMs()));
        body.set("meta_data", Json.objectOrEmpty(account.getMetaDataJson()));
        return body;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String orElse(String value, java.util.function.Supplier<String> fallback) {
        return value == null || value.isEmpty() ? fallback.get() : value;
    }
}
