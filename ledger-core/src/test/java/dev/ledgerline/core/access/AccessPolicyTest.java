package dev.ledgerline.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class AccessPolicyTest {

    private static final long NOW = 1_000_000L;
    private static final ApiKeyGrant READ_TRANSACTIONS =
            new ApiKeyGrant("api_key_1", "owner-1", List.of("transactions:read"), NOW + 60_000, false);

    private static AccessDecision decide(String path, String method, String key, boolean master, ApiKeyGrant stored) {
        return AccessPolicy.decide(true, path, method, key, master, Optional.ofNullable(stored), NOW);
    }

    @Test
    void given_secure_mode_each_catalogue_row_has_blnks_status_code_and_message() {
        assertThat(decide("/transactions", "GET", null, false, null).outcome()).isEqualTo(AccessOutcome.MISSING_KEY);
        assertThat(decide("/transactions", "GET", "", false, null).message())
                .isEqualTo("Authentication required. Use X-Blnk-Key header");
        assertThat(decide("/transactions", "GET", "wrong", false, null).outcome()).isEqualTo(AccessOutcome.INVALID_KEY);
        assertThat(decide("/transactions/x", "GET", "k", false, READ_TRANSACTIONS).outcome()).isEqualTo(AccessOutcome.API_KEY);
        AccessDecision write = decide("/transactions", "POST", "k", false, READ_TRANSACTIONS);
        assertThat(write.outcome().status()).isEqualTo(403);
        assertThat(write.message()).isEqualTo("Insufficient permissions for transactions:write");
        assertThat(decide("/refund-transaction/x", "POST", "k", false, READ_TRANSACTIONS).message())
                .isEqualTo("Insufficient permissions for transactions:write");
        assertThat(decide("/transactions", "OPTIONS", "k", false, READ_TRANSACTIONS).message())
                .isEqualTo("Insufficient permissions for transactions:");
        assertThat(decide("/balances-snapshots", "GET", "k", false, READ_TRANSACTIONS).outcome())
                .isEqualTo(AccessOutcome.UNKNOWN_RESOURCE);
        assertThat(decide("/integrity/verify", "GET", "k", false, READ_TRANSACTIONS).outcome())
                .isEqualTo(AccessOutcome.MASTER_KEY_REQUIRED);
        assertThat(decide("/integrity/verify", "GET", "m", true, null).outcome()).isEqualTo(AccessOutcome.MASTER);
        assertThat(decide("/webhooks/subscriptions", "POST", "k", false, READ_TRANSACTIONS).outcome())
                .isEqualTo(AccessOutcome.MASTER_KEY_REQUIRED);
        for (String open : List.of("/", "/health", "/metrics")) {
            assertThat(decide(open, "GET", null, false, null).outcome()).isEqualTo(AccessOutcome.PUBLIC);
        }
        assertThat(decide("/health/x", "GET", null, false, null).outcome()).isEqualTo(AccessOutcome.MISSING_KEY);
    }

    @Test
    void given_a_read_only_identities_key_when_it_detokenizes_then_it_needs_identities_write() {
        ApiKeyGrant readIdentities = new ApiKeyGrant("a", "o", List.of("identities:read"), NOW + 60_000, false);
        ApiKeyGrant writeIdentities = new ApiKeyGrant("a", "o", List.of("identities:write"), NOW + 60_000, false);

        assertThat(decide("/identities/idt_1", "GET", "k", false, readIdentities).outcome())
                .isEqualTo(AccessOutcome.API_KEY);
        assertThat(decide("/identities/idt_1/detokenize/PhoneNumber", "GET", "k", false, readIdentities).message())
                .isEqualTo("Insufficient permissions for identities:write");
        assertThat(decide("/identities/idt_1/detokenize/PhoneNumber", "GET", "k", false, writeIdentities).outcome())
                .isEqualTo(AccessOutcome.API_KEY);
        assertThat(decide("/identities/idt_1/detokenize", "POST", "k", false, writeIdentities).outcome())
                .isEqualTo(AccessOutcome.API_KEY);
    }

    @Test
    void given_a_revoked_or_expired_key_it_is_refused_as_expired_or_revoked() {
        ApiKeyGrant revoked = new ApiKeyGrant("a", "o", List.of("*:*"), NOW + 1, true);
        ApiKeyGrant expired = new ApiKeyGrant("a", "o", List.of("*:*"), NOW, false);
        assertThat(decide("/ledgers", "GET", "k", false, revoked).outcome()).isEqualTo(AccessOutcome.EXPIRED_OR_REVOKED);
        assertThat(decide("/ledgers", "GET", "k", false, expired).outcome()).isEqualTo(AccessOutcome.EXPIRED_OR_REVOKED);
    }

    @Test
    void given_insecure_mode_every_caller_acts_as_the_master() {
        assertThat(AccessPolicy.decide(false, "/api-keys", "POST", null, false, Optional.empty(), NOW).outcome())
                .isEqualTo(AccessOutcome.MASTER);
    }

    @Test
    void malformed_scopes_are_inert_and_escalation_follows_blnks_rule() {
        assertThat(Scope.parse("transactions")).isEmpty();
        assertThat(Scope.parse("transactions:read:x")).isEmpty();
        assertThat(Scope.parse("nothing:read")).isEmpty();
        ApiKeyGrant ledgersAll = new ApiKeyGrant("a", "o", List.of("ledgers:*"), NOW + 1, false);
        assertThat(ledgersAll.mayGrant(List.of("ledgers:read"))).isTrue();
        assertThat(ledgersAll.mayGrant(List.of("*:read"))).isFalse();
        assertThat(new ApiKeyGrant("a", "o", List.of("*:*"), NOW + 1, false).mayGrant(List.of("api-keys:*"))).isTrue();
        assertThat(ledgersAll.mayGrant(List.of())).isTrue();
    }

    @Property
    void a_key_is_never_allowed_what_none_of_its_scopes_grants(@ForAll("scopeLists") List<String> scopes,
                                                                @ForAll("paths") String path,
                                                                @ForAll("methods") String method) {
        ApiKeyGrant key = new ApiKeyGrant("a", "o", scopes, NOW + 1, false);
        AccessDecision decision = AccessPolicy.decide(true, path, method, "k", false, Optional.of(key), NOW);
        if (decision.outcome() == AccessOutcome.API_KEY) {
            Resource resource = Resource.ofPath(path).orElseThrow();
            Action action = Action.ofMethod(method).orElseThrow();
            assertThat(scopes.stream().map(Scope::parse).flatMap(Optional::stream)
                    .anyMatch(s -> s.allows(resource, action))).isTrue();
            assertThat(path).doesNotStartWith("/integrity").doesNotStartWith("/hooks").doesNotStartWith("/webhooks");
        }
    }

    @Property
    void a_key_never_mints_a_scope_it_does_not_cover(@ForAll("scopeLists") List<String> own,
                                                     @ForAll("scopeLists") List<String> wanted) {
        ApiKeyGrant key = new ApiKeyGrant("a", "o", own, NOW + 1, false);
        if (key.mayGrant(wanted)) {
            for (String text : wanted) {
                Scope.parse(text).ifPresent(w -> {
                    for (Resource r : Resource.values()) {
                        for (Action a : Action.values()) {
                            if (w.allows(r, a)) {
                                assertThat(key.allows(r, a)).as("%s grants %s:%s", text, r, a).isTrue();
                            }
                        }
                    }
                });
            }
        }
    }

    @Provide
    Arbitrary<List<String>> scopeLists() {
        Arbitrary<String> resource = Arbitraries.of("*", "ledgers", "balances", "transactions", "api-keys", "hooks", "junk");
        Arbitrary<String> action = Arbitraries.of("*", "read", "write", "delete", "junk");
        Arbitrary<String> scope = net.jqwik.api.Combinators.combine(resource, action).as((r, a) -> r + ":" + a);
        return scope.list().ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.of("/ledgers", "/balances/b/at", "/transactions/inflight/t", "/refund-transaction/t",
                "/api-keys", "/hooks", "/integrity/verify", "/mocked-account", "/unknown", "/");
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    }
}
