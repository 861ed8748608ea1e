package dev.ledgerline.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The API-key directory keeps trying when Kafka fails it, and says so, instead of dying silently. */
class ApiKeyDirectoryTest {

    @Test
    void given_no_broker_when_the_directory_starts_then_it_reports_the_failure_keeps_retrying_and_stops_on_close()
            throws Exception {
        // Given an address where no broker listens (a port that was free a moment ago)
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ApiKeyDirectory directory = new ApiKeyDirectory("127.0.0.1:" + port, Duration.ofMillis(300));
        try {
            // When its first attempt times out, Then it is not ready and names why (what /health shows)
            await().atMost(Duration.ofSeconds(20)).until(() -> directory.failure().isPresent());
            assertThat(directory.ready()).isFalse();
            assertThat(directory.failure()).get().asString().contains("Timeout");
            // And its thread is still alive, retrying
            assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals("api-key-directory")
                    && t.isAlive());
        } finally {
            directory.destroy();
        }
        // Then closing ends it promptly
        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("api-key-directory") && t.isAlive()));
    }
}
