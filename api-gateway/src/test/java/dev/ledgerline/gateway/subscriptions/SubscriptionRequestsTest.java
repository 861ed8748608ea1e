package dev.ledgerline.gateway.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ledgerline.core.subscriptions.SubscriptionRules;
import dev.ledgerline.gateway.error.ApiException;
import dev.ledgerline.gateway.json.Json;

class SubscriptionRequestsTest {

    private static SubscriptionRules.Request read(String json) {
        return SubscriptionRequests.read(Json.parseObject(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void givenTheFields_whenRead_thenEachIsTakenAndTheLedgersOwnFieldsAreIgnored() {
        SubscriptionRules.Request request = read("{\"id\":\"whs_mine\",\"url\":\"http://h/x\","
                + "\"events\":[\"ledger.created\",\"*\"],\"headers\":{\"X-A\":\"1\"},\"description\":\"d\","
                + "\"created_at\":\"2020-01-01T00:00:00Z\"}");

        assertThat(request).isEqualTo(new SubscriptionRules.Request("http://h/x", List.of("ledger.created", "*"),
                Map.of("X-A", "1"), "d"));
    }

    @Test
    void givenOmittedOrNullFields_whenRead_thenTheyAreNull() {
        assertThat(read("{\"url\":null}")).isEqualTo(new SubscriptionRules.Request(null, null, null, null));
    }

    @Test
    void givenAFieldOfTheWrongJsonType_whenRead_thenItIsAMalformedRequestNamingTheFieldNotTheValue() {
        assertThatThrownBy(() -> read("{\"events\":\"*\"}")).isInstanceOf(ApiException.class)
                .hasMessage("events must be an array of event names");
        assertThatThrownBy(() -> read("{\"events\":[1]}")).hasMessage("events must be an array of event names");
        assertThatThrownBy(() -> read("{\"headers\":{\"Authorization\":42}}"))
                .hasMessage("headers must be an object of header names to string values");
        assertThatThrownBy(() -> read("{\"url\":7}")).satisfies(e ->
                assertThat(((ApiException) e).status()).isEqualTo(400));
    }
}
