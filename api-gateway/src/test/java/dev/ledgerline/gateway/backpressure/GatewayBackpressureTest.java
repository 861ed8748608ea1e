package dev.ledgerline.gateway.backpressure;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.ledgerline.gateway.GatewayApplication;
import dev.ledgerline.gateway.support.EmbeddedBrokerExtension;
import dev.ledgerline.gateway.support.HttpClients;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A gateway on the real embedded broker whose backpressure limits each test class sets (its own
 * {@code @DynamicPropertySource} calling {@link #limits}), measured every 100 ms, and a consumer group that the test
 * moves by hand in place of the processor or the projection (neither runs).
 */
@ExtendWith(EmbeddedBrokerExtension.class)
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = GatewayApplication.CONFIG_NAME)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
abstract class GatewayBackpressureTest {

    @LocalServerPort
    int port;
    @Autowired
    ProcessorBacklog backlog;
    @Autowired
    MeterRegistry meters;

    WebTestClient http;
    /** The consumer group the test moves by hand. */
    ProcessorGroupFixture group;

    /** The group this class moves: the processor's on its inputs, or the projection's on the public topics. */
    abstract ProcessorGroupFixture group();

    @BeforeAll
    void start() {
        http = HttpClients.freshConnections("http://127.0.0.1:" + port);
        group = group();
    }

    @AfterAll
    void stop() {
        group.close();
    }

    /**
     * Points the gateway at the embedded broker and the processor group {@code processorGroup}, checks every 100 ms,
     * and sets {@code limits} (property names under {@code ledgerline.backpressure.}, e.g. {@code max-oldest-age}).
     */
    static void limits(DynamicPropertyRegistry registry, String processorGroup, Map<String, String> limits) {
        registry.add("ledgerline.kafka.bootstrap-servers", EmbeddedBrokerExtension::bootstrapServers);
        registry.add("ledgerline.backpressure.check-interval", () -> "100ms");
        registry.add("ledgerline.backpressure.processor-group-id", () -> processorGroup);
        limits.forEach((name, value) -> registry.add("ledgerline.backpressure." + name, () -> value));
    }
}
