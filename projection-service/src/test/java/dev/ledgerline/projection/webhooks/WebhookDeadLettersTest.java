package dev.ledgerline.projection.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/*
 * Goal: a dead letter names the endpoint it failed for and keeps the event's trace context; a redelivery request made
 * from it names the same endpoint, and exactly that endpoint's lane takes it (the global URL's lane only requests
 * naming no endpoint). Pure: headers in, headers and booleans out.
 */
class WebhookDeadLettersTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final WebhookEvent EVENT = new WebhookEvent("ledger.transactions-1-9", "transaction.applied",
            "{}".getBytes(StandardCharsets.UTF_8), TRACEPARENT);
    private static final Map<String, String> GLOBAL = Map.of();
    private static final Map<String, String> SUBSCRIPTION = Map.of(WebhookDeadLetters.SUBSCRIPTION_ID, "whs_a");
    private static final Map<String, String> OTHER_SUBSCRIPTION = Map.of(WebhookDeadLetters.SUBSCRIPTION_ID, "whs_b");
    private static final Map<String, String> HOOK = Map.of(WebhookDeadLetters.HOOK_ID, "hook_a");

    @Test
    void a_subscriptions_dead_letter_names_it_and_its_redelivery_is_taken_by_its_lane_only() {
        // given a subscription's dead letter
        Headers dead = WebhookDeadLetters.deadLetter(EVENT, "refused 3 times, last 400", 3, 1_000, SUBSCRIPTION);
        assertThat(WebhookDeadLetters.header(dead, WebhookDeadLetters.SUBSCRIPTION_ID)).contains("whs_a");
        assertThat(TraceParent.of(dead)).isEqualTo(TRACEPARENT);

        // when a redelivery request is made from it
        Headers request = WebhookDeadLetters.redelivery(EVENT.id(), EVENT.name(), "2:5", SUBSCRIPTION,
                TraceParent.of(dead));

        // then that subscription's lane takes it, with the event id and trace context; no other lane does
        assertThat(WebhookDeadLetters.isFor(request, SUBSCRIPTION)).isTrue();
        assertThat(WebhookDeadLetters.isFor(request, OTHER_SUBSCRIPTION)).isFalse();
        assertThat(WebhookDeadLetters.isFor(request, GLOBAL)).isFalse();
        assertThat(WebhookDeadLetters.isFor(request, HOOK)).isFalse();
        assertThat(WebhookDeadLetters.header(request, WebhookDeadLetters.EVENT_ID)).contains(EVENT.id());
        assertThat(TraceParent.of(request)).isEqualTo(TRACEPARENT);
    }

    @Test
    void a_request_naming_no_endpoint_is_the_global_urls_and_a_hooks_is_its_hooks() {
        // given a request of the global URL (as every request before endpoints were named) and one of a hook
        Headers global = WebhookDeadLetters.redelivery("e1", "ledger.created", "0:1", GLOBAL, null);
        Headers hook = WebhookDeadLetters.redelivery("e2", "hook.POST_TRANSACTION", "0:2", HOOK, null);

        // then each is taken by its own lane only, and neither carries an invented trace context
        assertThat(WebhookDeadLetters.isFor(global, GLOBAL)).isTrue();
        assertThat(WebhookDeadLetters.isFor(global, SUBSCRIPTION)).isFalse();
        assertThat(WebhookDeadLetters.isFor(global, HOOK)).isFalse();
        assertThat(WebhookDeadLetters.isFor(hook, HOOK)).isTrue();
        assertThat(WebhookDeadLetters.isFor(hook, GLOBAL)).isFalse();
        assertThat(TraceParent.of(global)).isNull();
    }

    @Test
    void only_a_well_formed_traceparent_is_passed_on() {
        // given records with a malformed trace context and with one that has characters no HTTP header may hold
        Headers malformed = new RecordHeaders().add("traceparent", "not-a-trace".getBytes(StandardCharsets.UTF_8));
        Headers broken = new RecordHeaders().add("traceparent",
                ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\nX: y").getBytes(StandardCharsets.UTF_8));

        // then neither is passed on
        assertThat(TraceParent.of(malformed)).isNull();
        assertThat(TraceParent.of(broken)).isNull();
        assertThat(TraceParent.of(new RecordHeaders())).isNull();
    }
}
