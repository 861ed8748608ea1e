package dev.ledgerline.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.ledgerline.core.Ids;
import dev.ledgerline.gateway.error.ApiException;
import dev.ledgerline.gateway.json.BlnkTime;
import dev.ledgerline.gateway.json.Json;

/*
 * Goal: the money, date, distribution and reference attacks found on the landed stack are refused by the gateway's
 * request validation as a 400 in Blnk's envelope within milliseconds (nothing can be published: validation runs
 * before any command is built; HostileMoneyInputIT checks the topics end to end).
 * Method: the request body goes through the same Json.parseObject + TransactionRequest.validate as POST /transactions
 * (bulk items and dry_run use the same validation); each case is timed.
 */
class HostileMoneyInputTest {

    private static final String SPLIT_OF_ONE = "\"precise_amount\":1,\"destinations\":[%s]";

    static Stream<Arguments> hostileRequests() {
        return Stream.of(
                Arguments.of("precise_amount 1e300000", transfer("\"precise_amount\":1e300000", "h1"), "GEN_MALFORMED_REQUEST"),
                Arguments.of("amount \"1\" + 300,000 zeros", transfer("\"amount\":\"1" + "0".repeat(300_000) + "\"", "h2"), "GEN_MALFORMED_REQUEST"),
                Arguments.of("amount 1e999999999", transfer("\"amount\":1e999999999", "h3"), "GEN_MALFORMED_REQUEST"),
                Arguments.of("amount 1e9999999999 (beyond Jackson)", transfer("\"amount\":1e9999999999", "h4"), "GEN_MALFORMED_REQUEST"),
                Arguments.of("precise_amount 10e2147483647", transfer("\"precise_amount\":10e2147483647", "h5"), "GEN_MALFORMED_REQUEST"),
                Arguments.of("precise_amount of 101 digits", transfer("\"precise_amount\":1" + "0".repeat(100), "h6"), "GEN_MALFORMED_REQUEST"),
                Arguments.of("amount 1e99 at precision 100 (101 digits in minor units)", transfer("\"amount\":1e99,\"precision\":100", "h7"), "TXN_VALIDATION_ERROR"),
                Arguments.of("precision 1e999999999", transfer("\"amount\":1,\"precision\":1e999999999", "h8"), "GEN_MALFORMED_REQUEST"),
                Arguments.of("precision 1e50 (above 10^18)", transfer("\"amount\":1,\"precision\":1e50", "h8b"), "TXN_PRECISION_NOT_INTEGER"),
                Arguments.of("overdraft_limit 1e300000", transfer("\"precise_amount\":1,\"overdraft_limit\":1e300000", "h9"), "GEN_MALFORMED_REQUEST"),
                Arguments.of("Arabic-Indic amount", transfer("\"amount\":\"١٢٣\"", "h10"), "GEN_MALFORMED_REQUEST"),
                Arguments.of("full-width precise_amount", transfer("\"precise_amount\":\"１２３\"", "h11"), "GEN_MALFORMED_REQUEST"),
                Arguments.of("effective_date in year 300000", transfer("\"precise_amount\":1,\"effective_date\":\"+300000-01-01T00:00:00Z\"", "h12"), "TXN_VALIDATION_ERROR"),
                Arguments.of("scheduled_for in year 300000000", transfer("\"precise_amount\":1,\"scheduled_for\":\"+300000000-01-01T00:00:00Z\"", "h13"), "TXN_VALIDATION_ERROR"),
                Arguments.of("inflight_expiry_date in year 10000", transfer("\"precise_amount\":1,\"inflight\":true,\"inflight_expiry_date\":\"10000-01-01T00:00:00Z\"", "h14"), "TXN_VALIDATION_ERROR"),
                Arguments.of("inflight_commit_date before year 1 in UTC", transfer("\"precise_amount\":1,\"inflight\":true,\"inflight_commit_date\":\"0001-01-01T00:00:00+01:00\"", "h15"), "TXN_VALIDATION_ERROR"),
                Arguments.of("effective_date in full-width digits", transfer("\"precise_amount\":1,\"effective_date\":\"２０２４-01-01T00:00:00Z\"", "h16"), "TXN_VALIDATION_ERROR"),
                Arguments.of("split of 1 with distribution abc", transfer(SPLIT_OF_ONE.formatted(leg("@C", "abc") + "," + leg("@D", "left")), "h17"), "TXN_VALIDATION_ERROR"),
                Arguments.of("split of 1 with 150%", transfer(SPLIT_OF_ONE.formatted(leg("@C", "150%") + "," + leg("@D", "left")), "h18"), "TXN_VALIDATION_ERROR"),
                Arguments.of("split of 1 with two left", transfer(SPLIT_OF_ONE.formatted(leg("@C", "left") + "," + leg("@D", "left")), "h19"), "TXN_VALIDATION_ERROR"),
                Arguments.of("split of 1 with a negative precise_distribution", transfer(SPLIT_OF_ONE.formatted(
                        "{\"identifier\":\"@C\",\"precise_distribution\":-5}," + leg("@D", "left")), "h20"), "TXN_VALIDATION_ERROR"),
                Arguments.of("dry_run split of 1 with abc", transfer(SPLIT_OF_ONE.formatted(leg("@C", "abc") + "," + leg("@D", "left"))
                        + ",\"dry_run\":true", "h21"), "TXN_VALIDATION_ERROR"),
                Arguments.of("split with distribution 1e300000", transfer("\"precise_amount\":100,\"destinations\":["
                        + leg("@C", "1e300000") + "," + leg("@D", "left") + "]", "h22"), "TXN_VALIDATION_ERROR"),
                Arguments.of("split with percentage 1e-999999999%", transfer("\"precise_amount\":100,\"destinations\":["
                        + leg("@C", "1e-999999999%") + "," + leg("@D", "left") + "]", "h23"), "TXN_VALIDATION_ERROR"),
                Arguments.of("split with a precise_distribution of 1e300000", transfer("\"precise_amount\":100,\"destinations\":["
                        + "{\"identifier\":\"@C\",\"precise_distribution\":1e300000}," + leg("@D", "left") + "]", "h24"), "GEN_MALFORMED_REQUEST"),
                Arguments.of("reference in the outcome form", transfer("\"precise_amount\":1", "inv_q"), "TXN_VALIDATION_ERROR"),
                Arguments.of("reference in the refund form", transfer("\"precise_amount\":1",
                        Ids.refundReference(Ids.transactionIdForReference("inv"))), "TXN_VALIDATION_ERROR"),
                Arguments.of("reference in the commit form", transfer("\"precise_amount\":1", "inv_commit_1"), "TXN_VALIDATION_ERROR"),
                Arguments.of("reference in the void form", transfer("\"precise_amount\":1", "inv_void_1"), "TXN_VALIDATION_ERROR"),
                Arguments.of("reference in the duplicate form", transfer("\"precise_amount\":1", "inv_dup_0f6a"), "TXN_VALIDATION_ERROR"),
                Arguments.of("reference in fund lineage's shadow credit form", transfer("\"precise_amount\":1", "inv_shadow_stripe"), "TXN_VALIDATION_ERROR"),
                Arguments.of("reference in fund lineage's release form", transfer("\"precise_amount\":1", "inv_release_stripe"), "TXN_VALIDATION_ERROR"),
                Arguments.of("reference in fund lineage's receive form", transfer("\"precise_amount\":1", "inv_receive_stripe"), "TXN_VALIDATION_ERROR"),
                Arguments.of("split with a reference in the outcome form", transfer(SPLIT_OF_ONE.formatted(leg("@C", "left")), "split_q"), "TXN_VALIDATION_ERROR"));
    }

    @ParameterizedTest(name = "{0}: 400 {2}")
    @MethodSource("hostileRequests")
    void a_hostile_money_date_distribution_or_reference_is_a_400_within_milliseconds(String why, String body, String code) {
        // Given a hostile request body
        long started = System.nanoTime();
        // When it is parsed and validated as POST /transactions does
        ApiException refused = catchThrowableOfType(ApiException.class,
                () -> TransactionRequest.validate(Json.parseObject(body.getBytes(StandardCharsets.UTF_8))));
        // Then it is refused as the client's mistake with the expected Blnk code, at once
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(refused).as(why).isNotNull();
        assertThat(refused.status()).as(why).isEqualTo(400);
        assertThat(refused.code()).as(why).isEqualTo(code);
        assertThat(took).as(why).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void ordinary_requests_near_the_bounds_are_still_accepted() {
        // Given a 100-digit precise amount, a 15-digit amount at precision 10^18, dates at both ends of the range,
        // a split of one unit with valid distributions, and references that only resemble derived ones
        String[] bodies = {
                transfer("\"precise_amount\":" + "9".repeat(100), "ok1"),
                transfer("\"amount\":\"123456789012345\",\"precision\":1e18", "ok2"),
                transfer("\"precise_amount\":1,\"effective_date\":\"0001-01-01T00:00:00Z\",\"scheduled_for\":"
                        + "\"9999-12-31T23:59:59.999999999Z\"", "ok3"),
                transfer(SPLIT_OF_ONE.formatted(leg("@C", "50%") + "," + leg("@D", "left")), "ok4"),
                transfer("\"precise_amount\":1", "inv_1"),
                transfer("\"precise_amount\":1", "payout_queue"),
        };
        for (String body : bodies) {
            // When validated / Then accepted
            TransactionRequest request = TransactionRequest.validate(Json.parseObject(body.getBytes(StandardCharsets.UTF_8)));
            assertThat(request.preciseAmount.signum()).as(body).isPositive();
        }
    }

    @Test
    void dates_are_rfc3339_in_years_0001_to_9999() {
        // Given dates in and out of range / When parsed / Then in-range ones keep their instant, the rest are refused
        assertThat(BlnkTime.parseOrNull("2024-01-31T15:04:05.5+01:00")).isEqualTo(Instant.parse("2024-01-31T14:04:05.5Z"));
        assertThat(BlnkTime.parseOrNull("2024-01-31t15:04:05z")).isEqualTo(Instant.parse("2024-01-31T15:04:05Z"));
        assertThat(BlnkTime.parseOrNull("9999-12-31T23:59:59Z")).isNotNull();
        for (String refused : new String[] {"+300000-01-01T00:00:00Z", "+300000000-01-01T00:00:00Z", "10000-01-01T00:00:00Z",
                "0000-06-01T00:00:00Z", "9999-12-31T23:59:59-01:00", "2024-01-31", "2024-01-31T15:04:05",
                "٢٠٢٤-01-31T15:04:05Z", "2024-01-31T15:04:05.1234567890Z", "2024-02-30T00:00:00Z"}) {
            assertThat(BlnkTime.parseOrNull(refused)).as(refused).isNull();
        }
    }

    private static String leg(String identifier, String distribution) {
        return "{\"identifier\":\"" + identifier + "\",\"distribution\":\"" + distribution + "\"}";
    }

    private static String transfer(String amountFields, String reference) {
        return "{" + amountFields + ",\"currency\":\"USD\",\"reference\":\"" + reference
                + "\",\"source\":\"@Alice\",\"destination\":\"@Bob\",\"description\":\"hostile\"}";
    }
}
