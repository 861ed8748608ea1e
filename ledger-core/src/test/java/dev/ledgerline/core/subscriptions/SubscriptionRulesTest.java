package dev.ledgerline.core.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SubscriptionRulesTest {

    private static SubscriptionRules.Outcome validate(String url, List<String> events, Map<String, String> headers,
                                                      String description) {
        return SubscriptionRules.validate(new SubscriptionRules.Request(url, events, headers, description));
    }

    @Test
    void givenAUrlAndEventNames_whenValidated_thenTheyAreKeptInOrderWithoutRepeats() {
        SubscriptionRules.Outcome outcome = validate("https://hooks.example.com/a",
                List.of("transaction.applied", "ledger.created", "transaction.applied"), null, null);

        assertThat(outcome.isValid()).isTrue();
        assertThat(outcome.definition().events()).containsExactly("transaction.applied", "ledger.created");
        assertThat(outcome.definition().headers()).isEmpty();
        assertThat(outcome.definition().description()).isEmpty();
    }

    @Test
    void givenEveryEventNameLedgerlineSends_whenValidated_thenEachIsAccepted() {
        for (WebhookEventName name : WebhookEventName.values()) {
            assertThat(validate("http://a.example", List.of(name.wire()), null, null).isValid()).as(name.wire())
                    .isTrue();
        }
        assertThat(WebhookEventName.parse("bulk_transaction.failed")).contains(WebhookEventName.BULK_TRANSACTION_FAILED);
    }

    @Test
    void givenTheWildcardAmongNames_whenValidated_thenItAloneRemainsAndWantsEveryEvent() {
        SubscriptionDefinition all = validate("http://localhost:9/x", List.of("ledger.created", "*"), Map.of(), "")
                .definition();

        assertThat(all.events()).containsExactly("*");
        assertThat(all.wants("balance.monitor")).isTrue();
    }

    @Test
    void givenChosenNames_whenAskedAboutAnEvent_thenOnlyThoseAreWanted() {
        SubscriptionDefinition chosen = validate("http://localhost:9/x", List.of("transaction.void"), Map.of(), "")
                .definition();

        assertThat(chosen.wants("transaction.void")).isTrue();
        assertThat(chosen.wants("transaction.applied")).isFalse();
    }

    @Test
    void givenABadUrl_whenValidated_thenTheUrlIsRefusedWithoutBeingQuoted() {
        for (String url : Arrays.asList(null, "", "ftp://x.example.com", "localhost:8080/hook", "http:///nohost")) {
            SubscriptionRules.Outcome outcome = validate(url, List.of("*"), null, null);

            assertThat(outcome.isValid()).as(String.valueOf(url)).isFalse();
            assertThat(outcome.field()).isEqualTo("url");
        }
    }

    @Test
    void givenNoEventsOrAnUnknownName_whenValidated_thenEventsAreRefused() {
        assertThat(validate("http://a.example", null, null, null).field()).isEqualTo("events");
        assertThat(validate("http://a.example", List.of(), null, null).field()).isEqualTo("events");
        assertThat(validate("http://a.example", List.of("Transaction.Applied"), null, null).field())
                .isEqualTo("events");
        assertThat(validate("http://a.example", Arrays.asList("ledger.created", null), null, null).field())
                .isEqualTo("events");
    }

    @Test
    void givenBadHeaders_whenValidated_thenHeadersAreRefusedWithoutQuotingAValue() {
        SubscriptionRules.Outcome lineBreak = validate("http://a.example", List.of("*"),
                Map.of("Authorization", "Bearer s3cret\r\nX: y"), null);
        assertThat(lineBreak.field()).isEqualTo("headers");
        assertThat(lineBreak.problem()).doesNotContain("s3cret");
        assertThat(validate("http://a.example", List.of("*"), Map.of("Host", "x"), null).field())
                .isEqualTo("headers");
        assertThat(validate("http://a.example", List.of("*"), Map.of("Bad Name", "x"), null).field())
                .isEqualTo("headers");
    }

    @Test
    void givenGoodHeadersAndADescription_whenValidated_thenTheyAreKept() {
        SubscriptionDefinition definition = validate("http://a.example", List.of("*"),
                Map.of("Authorization", "Bearer s3cret"), "payments team").definition();

        assertThat(definition.headers()).containsEntry("Authorization", "Bearer s3cret");
        assertThat(definition.description()).isEqualTo("payments team");
    }

    @Test
    void givenAControlCharacterInTheDescription_whenValidated_thenItIsRefused() {
        assertThat(validate("http://a.example", List.of("*"), null, "a\nb").field()).isEqualTo("description");
    }
}
