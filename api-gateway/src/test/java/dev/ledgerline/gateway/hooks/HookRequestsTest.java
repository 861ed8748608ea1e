package dev.ledgerline.gateway.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.ledgerline.core.hooks.HookRules;
import dev.ledgerline.gateway.json.Json;

class HookRequestsTest {

    private static HookRules.Request read(String json) {
        return HookRequests.read(Json.parseObject(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void givenBlnksFields_whenRead_thenEachIsTakenAndTheLedgersOwnFieldsAreIgnored() {
        HookRules.Request request = read("{\"id\":\"hook_mine\",\"name\":\"n\",\"url\":\"http://h/x\","
                + "\"type\":\"PRE_TRANSACTION\",\"active\":false,\"timeout\":5,\"retry_count\":2,"
                + "\"created_at\":\"2020-01-01T00:00:00Z\",\"last_success\":true}");

        assertThat(request).isEqualTo(new HookRules.Request("n", "http://h/x", "PRE_TRANSACTION", false, 5L, 2L));
    }

    @Test
    void givenHugeOrNegativeIntegers_whenRead_thenTheyAreClampedIntoALong() {
        HookRules.Request request = read("{\"timeout\":123456789012345678901234567890,"
                + "\"retry_count\":-123456789012345678901234567890}");

        assertThat(request.timeout()).isEqualTo(Long.MAX_VALUE);
        assertThat(request.retryCount()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void givenAFieldOfTheWrongJsonType_whenRead_thenItIsRefusedNamingTheField() {
        assertThatThrownBy(() -> read("{\"timeout\":\"30\"}")).hasMessage("timeout must be an integer");
        assertThatThrownBy(() -> read("{\"retry_count\":1.5}")).hasMessage("retry_count must be an integer");
        assertThatThrownBy(() -> read("{\"active\":\"yes\"}")).hasMessage("active must be a boolean");
        assertThatThrownBy(() -> read("{\"url\":42}")).hasMessage("url must be a string");
    }

    @Test
    void givenNulls_whenRead_thenTheyAreOmittedFields() {
        assertThat(read("{\"name\":null,\"active\":null,\"timeout\":null}"))
                .isEqualTo(new HookRules.Request(null, null, null, null, null, null));
    }
}
