package dev.ledgerline.observability.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.ledgerline.observability.ObservedTestApplication;

/*
 * Goal: while no broker answers, a service's log stays readable. A Kafka 4.1 admin client re-bootstraps in a loop when
 * its only broker is away and logged every round at INFO (about 265 lines a second per client; a projection with its
 * three admin clients wrote 112 MB of log in 45 s of a test with Kafka down). Method: a real service with the module's
 * defaults, an admin client asking a port where nothing listens for 3 s, stdout captured.
 */
@ExtendWith(OutputCaptureExtension.class)
class KafkaOutageLogTest {

    @Test
    void givenNoBroker_whenAnAdminClientAsksForSeconds_thenItsRetriesDoNotFloodTheLog(CapturedOutput output)
            throws Exception {
        try (var service = ObservedTestApplication.start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort()))) {
            // when an admin client asks a broker that is not there for 3 s
            try {
                admin.listTopics(new ListTopicsOptions().timeoutMs(3_000)).names().get();
            } catch (Exception expected) {
                // the timeout, as wanted
            }

            // then its re-bootstrap rounds are not logged, and its connection attempts stay few
            assertThat(output.getOut()).doesNotContain("Rebootstrapping");
            assertThat(output.getOut().lines().filter(line -> line.contains("AdminClient")).count()).isLessThan(100);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
