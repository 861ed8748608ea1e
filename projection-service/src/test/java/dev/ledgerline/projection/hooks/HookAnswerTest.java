package dev.ledgerline.projection.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class HookAnswerTest {

    private static byte[] body(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void givenAnEmptyBody_whenJudged_thenOnly2xxSucceeds() {
        assertThat(HookAnswer.succeeded(200, new byte[0])).isTrue();
        assertThat(HookAnswer.succeeded(204, null)).isTrue();
        assertThat(HookAnswer.succeeded(302, new byte[0])).isFalse();
        assertThat(HookAnswer.succeeded(500, body("  "))).isFalse();
    }

    @Test
    void givenABodyThatIsNotJson_whenJudged_thenAnythingBelow400Succeeds() {
        assertThat(HookAnswer.succeeded(200, body("ok"))).isTrue();
        assertThat(HookAnswer.succeeded(302, body("<html>moved</html>"))).isTrue();
        assertThat(HookAnswer.succeeded(404, body("not found"))).isFalse();
    }

    @Test
    void givenAJsonObject_whenJudged_thenOnlySuccessTrueCountsWhateverTheStatus() {
        assertThat(HookAnswer.succeeded(500, body("{\"success\":true}"))).isTrue();
        assertThat(HookAnswer.succeeded(200, body("{}"))).isFalse();
        assertThat(HookAnswer.succeeded(200, body("{\"success\":false,\"message\":\"no\"}"))).isFalse();
        assertThat(HookAnswer.succeeded(200, body("{\"success\":\"true\"}"))).isFalse();
    }

    @Test
    void givenOtherJson_whenJudged_thenAnythingBelow400Succeeds() {
        assertThat(HookAnswer.succeeded(200, body("[1,2]"))).isTrue();
        assertThat(HookAnswer.succeeded(201, body("42"))).isTrue();
        assertThat(HookAnswer.succeeded(400, body("[]"))).isFalse();
    }
}
