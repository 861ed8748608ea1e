package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.ledgerline.it.Http.Response;

/*
 * Goal: Blnk's account routes answer as Blnk does through the whole stack: an account is created from a balance (or
 * from a ledger, an identity and a currency, with a balance opened for it), decided in the processor by the balance's
 * worker and the owner of the account number, never from the read model; reads, lists and filters are Blnk's.
 * Method: the real stack, HTTP only.
 */
class AccountEndToEndIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static LedgerlineStack stack;
    private static Ledger ledger;

    @BeforeAll
    static void setUp() throws Exception {
        stack = LedgerlineStack.get();
        ledger = new Ledger(stack);
    }

    private static String url(String path) {
        return stack.gateway() + path;
    }

    private static void assertError(Response response, int status, String code) {
        assertThat(response.status()).as(response.raw()).isEqualTo(status);
        assertThat(response.body().at("/error_detail/code").asString()).as(response.raw()).isEqualTo(code);
    }

    private static String identity(String json) {
        Response created = Http.post(url("/identities"), json);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body().get("identity_id").asString();
    }

    /** A balance in a new ledger that names a new identity, Ada Lovelace. */
    private static JsonNode namedBalance(String currency) {
        String ledgerId = ledger.createLedger("accounts-" + UUID.randomUUID());
        String identityId = identity("{\"identity_type\":\"individual\",\"first_name\":\"Ada\",\"last_name\":\"Lovelace\"}");
        Response balance = Http.post(url("/balances"), "{\"ledger_id\":\"" + ledgerId + "\",\"currency\":\"" + currency
                + "\",\"identity_id\":\"" + identityId + "\"}");
        assertThat(balance.status()).as(balance.raw()).isEqualTo(201);
        return balance.body();
    }

    @Test
    void a_body_with_neither_or_both_shapes_is_blnks_validation_error() {
        // When the body names no balance, or a balance with a ledger and a currency
        Response neither = Http.post(url("/accounts"), "{}");
        Response both = Http.post(url("/accounts"), "{\"balance_id\":\"bln_x\",\"ledger_id\":\"ldg_x\",\"currency\":\"USD\"}");

        // Then Blnk's 400 GEN_VALIDATION_ERROR, with its message under the legacy "errors" key
        assertError(neither, 400, "GEN_VALIDATION_ERROR");
        assertThat(neither.body().get("errors").asString()).isEqualTo(
                "currency: currency is required when Balance ID is not provided; "
                        + "identity_id: Identity ID is required when Balance ID is not provided; "
                        + "ledger_id: Ledger ID is required when Balance ID is not provided.");
        assertError(both, 400, "GEN_VALIDATION_ERROR");
        assertThat(both.body().get("errors").asString()).isEqualTo(
                "currency: either Currency or BalanceId must be provided, not both; "
                        + "ledger_id: either LedgerId or BalanceId must be provided, not both.");
        assertError(Http.post(url("/accounts"), "{\"balance_id\":7}"), 400, "GEN_MALFORMED_REQUEST");
    }

    @Test
    void an_account_takes_its_balances_ledger_identity_and_currency_and_its_number_is_unique() {
        // Given a balance that names an identity
        JsonNode balance = namedBalance("EUR");
        String balanceId = balance.get("balance_id").asString();
        String number = "9" + Long.toString(System.nanoTime());

        // When an account is created on it with a number, and again with the same number
        Response created = Http.post(url("/accounts"), "{\"balance_id\":\"" + balanceId + "\",\"number\":\"" + number
                + "\",\"meta_data\":{\"purpose\":\"payouts\"}}");
        Response duplicate = Http.post(url("/accounts"), "{\"balance_id\":\"" + balanceId + "\",\"number\":\"" + number
                + "\"}");

        // Then the first is Blnk's account, with the balance's facts and the mocked bank's name
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        JsonNode account = created.body();
        assertThat(account.get("account_id").asString()).startsWith("acc_");
        assertThat(account.get("number").asString()).isEqualTo(number);
        assertThat(account.get("bank_name").asString()).isEqualTo("Blnk Bank");
        assertThat(account.get("currency").asString()).isEqualTo("EUR");
        assertThat(account.get("ledger_id").asString()).isEqualTo(balance.get("ledger_id").asString());
        assertThat(account.get("identity_id").asString()).isEqualTo(balance.get("identity_id").asString());
        assertThat(account.get("balance_id").asString()).isEqualTo(balanceId);
        assertThat(account.at("/meta_data/purpose").asString()).isEqualTo("payouts");
        assertThat(account.get("ledger").isNull()).isTrue();
        // and the second is refused by the number's owner
        assertError(duplicate, 409, "ACC_DUPLICATE");

        // When it is read with every include
        String id = account.get("account_id").asString();
        Response read = Http.await(url("/accounts/" + id + "?include=balance&include=identity&include=ledger"),
                r -> r.status() == 200, WAIT);

        // Then it is named after its identity and embeds its balance, identity and ledger
        assertThat(read.body().get("name").asString()).isEqualTo("Ada Lovelace");
        assertThat(read.body().at("/balance/balance_id").asString()).isEqualTo(balanceId);
        assertThat(read.body().at("/identity/first_name").asString()).isEqualTo("Ada");
        assertThat(read.body().at("/ledger/ledger_id").asString()).isEqualTo(balance.get("ledger_id").asString());
        assertThat(Http.get(url("/accounts/" + id)).body().get("balance").isNull()).isTrue();
        assertError(Http.get(url("/accounts/acc_" + UUID.randomUUID())), 404, "ACC_NOT_FOUND");
    }

    @Test
    void a_missing_balance_or_one_without_identity_is_refused_by_the_balances_worker() {
        // Given a balance without identity, and an id no balance has
        String bare = ledger.createBalance(ledger.createLedger("accounts-bare-" + UUID.randomUUID()), "USD");
        String missing = "bln_" + UUID.randomUUID();

        // When accounts are asked for on them; Then Blnk's 404s
        Response noBalance = Http.post(url("/accounts"), "{\"balance_id\":\"" + missing + "\"}");
        assertError(noBalance, 404, "GEN_NOT_FOUND");
        assertThat(noBalance.body().get("error").asString()).isEqualTo("Balance with ID '" + missing + "' not found");
        assertError(Http.post(url("/accounts"), "{\"balance_id\":\"" + bare + "\"}"), 404, "GEN_NOT_FOUND");
        // and an unknown ledger on the other path is the balance path's 404
        assertError(Http.post(url("/accounts"), "{\"ledger_id\":\"ldg_" + UUID.randomUUID()
                + "\",\"identity_id\":\"idt_x\",\"currency\":\"USD\"}"), 404, "LGR_NOT_FOUND");
    }

    @Test
    void without_a_balance_one_is_opened_for_the_ledger_identity_and_currency() {
        // Given a ledger and an identity that is an organization
        String ledgerId = ledger.createLedger("accounts-open-" + UUID.randomUUID());
        String identityId = identity("{\"identity_type\":\"organization\",\"organization_name\":\"Acme Ltd\"}");

        // When an account is created from them, without number or bank name
        Response created = Http.post(url("/accounts"), "{\"ledger_id\":\"" + ledgerId + "\",\"identity_id\":\""
                + identityId + "\",\"currency\":\"GBP\",\"name\":\"\"}");

        // Then a new balance of that ledger, identity and currency holds it, and the bank details are generated
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String balanceId = created.body().get("balance_id").asString();
        assertThat(balanceId).startsWith("bln_");
        assertThat(created.body().get("number").asString()).matches("[0-9]{12}");
        assertThat(created.body().get("bank_name").asString()).isEqualTo("Blnk Bank");
        Response balance = Http.await(url("/balances/" + balanceId), r -> r.status() == 200, WAIT);
        assertThat(balance.body().get("identity_id").asString()).isEqualTo(identityId);
        assertThat(balance.body().get("currency").asString()).isEqualTo("GBP");
        Response read = Http.await(url("/accounts/" + created.body().get("account_id").asString()),
                r -> r.status() == 200, WAIT);
        assertThat(read.body().get("name").asString()).isEqualTo("Acme Ltd");
    }

    @Test
    void lists_and_filters_use_blnks_grammar() {
        // Given two accounts in one ledger
        JsonNode balance = namedBalance("USD");
        String balanceId = balance.get("balance_id").asString();
        String ledgerId = balance.get("ledger_id").asString();
        String first = Http.post(url("/accounts"), "{\"balance_id\":\"" + balanceId + "\",\"meta_data\":{\"rank\":1}}")
                .body().get("account_id").asString();
        String second = Http.post(url("/accounts"), "{\"balance_id\":\"" + balanceId + "\",\"meta_data\":{\"rank\":2}}")
                .body().get("account_id").asString();
        Http.await(url("/accounts/" + first), r -> r.status() == 200, WAIT);
        Http.await(url("/accounts/" + second), r -> r.status() == 200, WAIT);

        // When listed by ledger, by a meta_data key, with a malformed limit, and through the filter body
        Response byLedger = Http.get(url("/accounts?ledger_id_eq=" + ledgerId + "&limit=abc"));
        Response byRank = Http.get(url("/accounts?ledger_id_eq=" + ledgerId + "&meta_data.rank_eq=1"));
        Response filtered = Http.post(url("/accounts/filter"), "{\"filters\":[{\"field\":\"balance_id\",\"operator\":"
                + "\"eq\",\"value\":\"" + balanceId + "\"}],\"include_count\":true}");

        // Then each answers as Blnk does
        assertThat(byLedger.status()).as(byLedger.raw()).isEqualTo(200);
        assertThat(byLedger.body().findValuesAsString("account_id")).containsExactlyInAnyOrder(first, second);
        assertThat(byRank.body().findValuesAsString("account_id")).containsExactly(first);
        assertThat(filtered.status()).as(filtered.raw()).isEqualTo(200);
        assertThat(filtered.body().get("total_count").asLong()).isEqualTo(2);
        assertThat(filtered.body().get("data").findValuesAsString("account_id")).containsExactlyInAnyOrder(first, second);
        assertError(Http.get(url("/accounts?nope_eq=1")), 400, "GEN_BAD_REQUEST");
    }

    @Test
    void the_mocked_account_is_blnks_and_accounts_have_no_metadata_route() {
        // When the mocked account is asked for twice
        Response mocked = Http.get(url("/mocked-account"));

        // Then Blnk's bank name and a random 12-digit number
        assertThat(mocked.status()).as(mocked.raw()).isEqualTo(200);
        assertThat(mocked.body().get("bank_name").asString()).isEqualTo("Blnk Bank");
        assertThat(mocked.body().get("account_number").asString()).matches("[0-9]{12}");
        // and, as in Blnk, POST /{acc_…}/metadata is no entity it knows
        assertError(Http.post(url("/acc_" + UUID.randomUUID() + "/metadata"), "{\"meta_data\":{\"a\":1}}"), 400,
                "META_INVALID_ENTITY_ID");
    }
}
