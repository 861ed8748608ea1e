package dev.ledgerline.gateway.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;

import dev.ledgerline.schemas.TopicSetup;

/**
 * Owns a real embedded KRaft broker for one test class. Declare it with {@code @ExtendWith}
 * <em>above</em> {@code @SpringBootTest}: JUnit then runs its afterAll after Spring's, so the
 * gateway's Kafka clients close while the broker is still up, and the broker stops last.
 */
public final class EmbeddedBrokerExtension implements AfterAllCallback {

    private static EmbeddedKafkaKraftBroker broker;

    /** The running broker, started on first use (also from {@code @DynamicPropertySource}). */
    public static synchronized EmbeddedKafkaKraftBroker broker() {
        if (broker == null) {
            broker = new EmbeddedKafkaKraftBroker(1, 6);
            broker.afterPropertiesSet();
            // ledger-processor creates the topics in a real deployment; the gateway only waits for them
            TopicSetup.ensureTopics(broker.getBrokersAsString(), 6, (short) 1);
        }
        return broker;
    }

    public static String bootstrapServers() {
        return broker().getBrokersAsString();
    }

    /**
     * For a test's {@code @DynamicPropertySource}: the gateway talks to this broker, and its reads go to a closed port
     * (no projection runs), so a test that needs only Kafka's acknowledgement depends on nothing else.
     */
    public static void gatewayWithoutProjection(DynamicPropertyRegistry registry) {
        registry.add("ledgerline.kafka.bootstrap-servers", EmbeddedBrokerExtension::bootstrapServers);
        registry.add("ledgerline.projection-url", () -> "http://127.0.0.1:9");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        synchronized (EmbeddedBrokerExtension.class) {
            if (broker != null) {
                broker.destroy();
                broker = null;
            }
        }
    }
}
