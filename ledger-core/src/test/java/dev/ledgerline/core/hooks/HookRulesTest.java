package dev.ledgerline.core.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HookRulesTest {

    private static HookRules.Request request(String url, String type) {
        return new HookRules.Request("notify", url, type, null, null, null);
    }

    @Test
    void givenOnlyUrlAndType_whenValidated_thenBlnksDefaultsApplyButTheHookIsActive() {
        HookRules.Outcome outcome = HookRules.validate(request("https://hooks.example.com/pre", "PRE_TRANSACTION"));

        assertThat(outcome.isValid()).isTrue();
        assertThat(outcome.definition()).isEqualTo(new HookDefinition("notify", "https://hooks.example.com/pre",
                HookType.PRE_TRANSACTION, true, 30, 0));
    }

    @Test
    void givenAnEmptyMissingOrNonHttpUrl_whenValidated_thenTheUrlIsRefused() {
        for (String url : new String[] {null, "", "ftp://example.com/x", "example.com/hook", "http://", "http://a b/",
                "javascript:alert(1)", "http://host/" + "x".repeat(HookRules.MAX_URL_LENGTH)}) {
            HookRules.Outcome outcome = HookRules.validate(request(url, "POST_TRANSACTION"));

            assertThat(outcome.isValid()).as(String.valueOf(url)).isFalse();
            assertThat(outcome.field()).isEqualTo("url");
        }
    }

    @Test
    void givenAMissingOrUnknownType_whenValidated_thenTheTypeIsRefusedWithoutCaseFolding() {
        for (String type : new String[] {null, "", "pre_transaction", "PRE", "POST_TRANSACTION "}) {
            HookRules.Outcome outcome = HookRules.validate(request("http://127.0.0.1:8080/h", type));

            assertThat(outcome.isValid()).as(String.valueOf(type)).isFalse();
            assertThat(outcome.field()).isEqualTo("type");
        }
    }

    @Test
    void givenTimeoutsOutOfRange_whenValidated_thenZeroOrLessIsThirtyAndTheMaximumIsCapped() {
        assertThat(HookRules.timeout(null)).isEqualTo(30);
        assertThat(HookRules.timeout(0L)).isEqualTo(30);
        assertThat(HookRules.timeout(-5L)).isEqualTo(30);
        assertThat(HookRules.timeout(7L)).isEqualTo(7);
        assertThat(HookRules.timeout(Long.MAX_VALUE)).isEqualTo(HookRules.MAX_TIMEOUT_SECONDS);
    }

    @Test
    void givenRetryCounts_whenValidated_thenOmittedIsNoneNegativeIsThreeAndMoreThanTenIsTen() {
        assertThat(HookRules.retryCount(null)).isZero();
        assertThat(HookRules.retryCount(0L)).isZero();
        assertThat(HookRules.retryCount(-1L)).isEqualTo(3);
        assertThat(HookRules.retryCount(4L)).isEqualTo(4);
        assertThat(HookRules.retryCount(11L)).isEqualTo(10);
    }

    @Test
    void givenActiveFalse_whenValidated_thenTheHookIsInactive() {
        HookRules.Outcome outcome = HookRules.validate(new HookRules.Request(null, "http://h/x", "POST_TRANSACTION",
                false, 5L, 2L));

        assertThat(outcome.definition()).isEqualTo(new HookDefinition("", "http://h/x", HookType.POST_TRANSACTION,
                false, 5, 2));
    }

    @Test
    void givenANameWithControlCharacters_whenValidated_thenTheNameIsRefused() {
        HookRules.Outcome outcome = HookRules.validate(new HookRules.Request("a\u0000b", "http://h/x",
                "POST_TRANSACTION", null, null, null));

        assertThat(outcome.field()).isEqualTo("name");
    }
}
