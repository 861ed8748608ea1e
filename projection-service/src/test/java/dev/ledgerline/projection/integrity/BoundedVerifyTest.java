package dev.ledgerline.projection.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/*
 * Goal: the verifier's memory does not grow with the log. Method: a correct synthetic ledger of 600,000 entries and
 * 600 seals (generated on the fly, never held) verified in a JVM of its own with a 48 MB heap. The verifier that held
 * the whole log needed several hundred bytes per entry, far above that heap.
 */
class BoundedVerifyTest {

    @Test
    void a_log_far_larger_than_the_heap_verifies_in_a_48_mb_jvm() throws Exception {
        // given a JVM with a 48 MB heap and the test classpath
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx48m", "-cp", System.getProperty("java.class.path"),
                SyntheticVerify.class.getName(), "600000", "200", "1000");

        // when it verifies the synthetic ledger
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.PIPE).directory(new File(".")).start();
        String output;
        boolean finished;
        try {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            finished = process.waitFor(5, TimeUnit.MINUTES);
        } finally {
            process.destroyForcibly();
        }

        // then it completes, valid, having checked every entry and seal
        assertThat(finished).isTrue();
        assertThat(output).contains("SYNTHETIC valid=true entries_checked=600000 seals_checked=600 ");
        assertThat(process.exitValue()).as(output).isZero();
    }
}
