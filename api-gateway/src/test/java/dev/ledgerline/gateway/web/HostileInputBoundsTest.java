package dev.ledgerline.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import dev.ledgerline.gateway.error.ApiException;
import dev.ledgerline.gateway.json.Json;

/*
 * Goal: strings the stores cannot hold or that would outgrow a Kafka record (NUL, control characters, lone
 * surrogates, over-long descriptions, identifiers and metadata) and deep JSON are refused as the client's 400 before
 * any command is built; and, for any body at all, parsing POST /transactions ends in an accepted request or an
 * ApiException with a 4xx, never another exception, within a bound.
 * Method: the same Json.parseObject + TransactionRequest.validate as the route; a jqwik property over mutated bodies.
 */
class HostileInputBoundsTest {

    static Stream<Arguments> hostileRequests() {
        return Stream.of(
                Arguments.of("1.1 MB description", transfer("description", "x".repeat(1_100_000))),
                Arguments.of("NUL in description", transfer("description", "a\\u0000b")),
                Arguments.of("NUL in reference", transfer("reference", "ref\\u0000x")),
                Arguments.of("NUL in currency", transfer("currency", "US\\u0000D")),
                Arguments.of("tab in reference", transfer("reference", "ref\\tx")),
                Arguments.of("lone high surrogate in reference", transfer("reference", "ref\\ud800")),
                Arguments.of("lone low surrogate in description", transfer("description", "\\udc00")),
                Arguments.of("reference of 256 characters", transfer("reference", "r".repeat(256))),
                Arguments.of("source of 3,000 characters", transfer("source", "@" + "s".repeat(3000))),
                Arguments.of("NUL in a meta_data value", withMeta("{\"k\":\"v\\u0000\"}")),
                Arguments.of("NUL in a meta_data key", withMeta("{\"k\\u0000\":\"v\"}")),
                Arguments.of("meta_data of 20 KB", withMeta("{\"k\":\"" + "v".repeat(4000) + "\",\"l\":\"" + "v".repeat(4000)
                        + "\",\"m\":\"" + "v".repeat(4000) + "\",\"n\":\"" + "v".repeat(4000) + "\",\"o\":\"" + "v".repeat(4000) + "\"}")),
                Arguments.of("JSON nested 10,000 deep", withMeta("[".repeat(10_000) + "]".repeat(10_000))),
                Arguments.of("JSON nested 40 deep", withMeta("{\"a\":".repeat(40) + "1" + "}".repeat(40))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRequests")
    void a_hostile_string_or_structure_is_a_400(String why, String body) {
        // Given a hostile body / When parsed and validated as POST /transactions does
        ApiException refused = catchThrowableOfType(ApiException.class,
                () -> TransactionRequest.validate(Json.parseObject(body.getBytes(StandardCharsets.UTF_8))));
        // Then it is the client's 400 GEN_MALFORMED_REQUEST
        assertThat(refused).as(why).isNotNull();
        assertThat(refused.status()).as(why).isEqualTo(400);
        assertThat(refused.code()).as(why).isEqualTo("GEN_MALFORMED_REQUEST");
    }

    @Test
    void ordinary_text_with_line_breaks_emoji_and_long_descriptions_is_accepted() {
        for (String body : new String[] {transfer("description", "line 1\\nline 2\\ttab \\ud83d\\ude00"),
                transfer("description", "d".repeat(4096)), transfer("reference", "r".repeat(255)),
                withMeta("{\"note\":\"caf\\u00e9\",\"nested\":{\"a\":[1,2,{\"b\":\"c\"}]}}")}) {
            TransactionRequest request = TransactionRequest.validate(Json.parseObject(body.getBytes(StandardCharsets.UTF_8)));
            assertThat(request.preciseAmount.signum()).isPositive();
        }
    }

    @Property(tries = 300)

    void any_body_is_accepted_or_refused_with_a_4xx_quickly(@ForAll("bodies") String body) {
        long started = System.nanoTime();
        try {
            TransactionRequest.validate(Json.parseObject(body.getBytes(StandardCharsets.UTF_8)));
        } catch (ApiException refused) {
            assertThat(refused.status()).as(body).isBetween(400, 499);
        }
        // a generous bound: it exists to catch seconds of CPU spent on a crafted value, not to time the parser
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as(body).isLessThan(Duration.ofSeconds(2));
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> field = Arbitraries.of("amount", "precise_amount", "precision", "reference", "currency",
                "source", "destination", "description", "meta_data", "effective_date", "inflight", "skip_queue",
                "sources", "destinations", "overdraft_limit", "scheduled_for", "allow_overdraft");
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of("1", "-1", "0", "1e300000", "1e-300000", "\"1e999999999\"", "\"١٢٣\"", "\"１２３\"", "null",
                        "true", "[]", "{}", "\"\"", "\"\\u0000\"", "\"\\ud800\"", "\"left\"", "\"150%\"", "1.5", "\"abc\"",
                        "\"+300000-01-01T00:00:00Z\"", "[{\"identifier\":\"@A\",\"distribution\":\"left\"}]",
                        "[{\"identifier\":\"@A\",\"distribution\":\"abc\"},{\"identifier\":\"@B\",\"distribution\":\"left\"}]",
                        "\"@World\"", "\"USD\"", "100", "\"x_q\"", "[[[[[[[[[[]]]]]]]]]]"),
                Arbitraries.strings().ofMaxLength(40).map(s -> Json.MAPPER.writeValueAsString(s)),
                Arbitraries.bigIntegers().between(java.math.BigInteger.ONE.negate(),
                        java.math.BigInteger.TEN.pow(120)).map(Object::toString));
        return net.jqwik.api.Combinators.combine(field, value).as((f, v) -> "\"" + f + "\":" + v)
                .list().ofMinSize(0).ofMaxSize(10)
                .map(pairs -> "{" + String.join(",", pairs) + "}");
    }

    /** A valid transfer with {@code field} set to the JSON string whose escaped content is {@code raw}. */
    private static String transfer(String field, String raw) {
        java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("precise_amount", "1");
        fields.put("currency", "\"USD\"");
        fields.put("reference", "\"bounds-1\"");
        fields.put("source", "\"@Alice\"");
        fields.put("destination", "\"@Bob\"");
        fields.put("description", "\"bounds\"");
        fields.put(field, "\"" + raw + "\"");
        StringBuilder body = new StringBuilder("{");
        fields.forEach((name, value) -> body.append(body.length() > 1 ? "," : "").append('"').append(name).append("\":").append(value));
        return body.append('}').toString();
    }

    private static String withMeta(String json) {
        String base = transfer("description", "bounds");
        return base.substring(0, base.length() - 1) + ",\"meta_data\":" + json + "}";
    }
}
