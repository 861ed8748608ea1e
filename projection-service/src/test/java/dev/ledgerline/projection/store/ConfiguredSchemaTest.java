package dev.ledgerline.projection.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import dev.ledgerline.projection.Events;
import dev.ledgerline.projection.ProjectionApplication;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.TopicSetup;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.LedgerRecord;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** {@code ledgerline.projection.schema}: the running service creates, writes and reads its tables in that schema only. */
class ConfiguredSchemaTest {

    @Test
    void theServiceWritesAndReadsTheConfiguredSchemaOnly() throws Exception {
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 2);
        kafka.brokerProperties(Map.of("transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1", "offsets.topic.replication.factor", "1"));
        kafka.afterPropertiesSet();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            ConfigurableApplicationContext app = null;
            try {
                TopicSetup.ensureTopics(kafka.getBrokersAsString(), 2, (short) 1);
                app = new SpringApplicationBuilder(ProjectionApplication.class).properties(ProjectionApplication.CONFIG_NAME)
                        .run("--server.port=0", "--ledgerline.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                                "--spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres",
                                "--spring.r2dbc.username=postgres", "--spring.r2dbc.password=",
                                "--ledgerline.projection.schema=tenant_a");
                String ledgerId = "ldg_" + UUID.randomUUID();
                Properties props = new Properties();
                props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString());
                props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "schema-test-" + UUID.randomUUID());
                props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
                props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
                try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
                    producer.initTransactions();
                    producer.beginTransaction();
                    producer.send(new ProducerRecord<>(Topics.LEDGERS, ledgerId,
                            AvroSerde.of(LedgerRecord.class).encode(Events.ledger(ledgerId, "Tenant A"))));
                    producer.commitTransaction();
                }

                String url = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + "/ledgers/" + ledgerId;
                HttpClient client = HttpClient.newHttpClient();
                int status = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (status != 200 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    status = client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                }

                assertThat(status).isEqualTo(200);
                assertThat(query(postgres, "SELECT count(*) FROM tenant_a.ledgers WHERE ledger_id = '" + ledgerId + "'")).isEqualTo(1);
                assertThat(query(postgres, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"))
                        .isZero();
            } finally {
                if (app != null) {
                    app.close();
                }
            }
        } finally {
            kafka.destroy();
        }
    }

    private static long query(EmbeddedPostgres postgres, String sql) throws Exception {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
