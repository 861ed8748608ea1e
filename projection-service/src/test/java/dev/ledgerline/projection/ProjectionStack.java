package dev.ledgerline.projection;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.ledgerline.schemas.TopicSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * A running projection-service on real parts for one test class: an embedded PostgreSQL (database
 * {@code ledgerline}), an embedded KRaft broker with the topics created, the application on a free
 * port, a transactional producer to publish events as the processor does, and an HTTP client.
 */
final class ProjectionStack implements AutoCloseable {

    final EmbeddedPostgres postgres;
    final EmbeddedKafkaKraftBroker kafka;
    final ConfigurableApplicationContext app;
    final KafkaProducer<String, byte[]> producer;
    final WebTestClient http;
    final String baseUrl;

    ProjectionStack(String transactionalIdPrefix) throws Exception {
        this(transactionalIdPrefix, new String[0]);
    }

    /** @param extraArgs more {@code --key=value} arguments for the application (e.g. a faster refresh) */
    ProjectionStack(String transactionalIdPrefix, String... extraArgs) throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE ledgerline");
        }
        kafka = new EmbeddedKafkaKraftBroker(1, 6);
        kafka.brokerProperties(Map.of(
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "offsets.topic.replication.factor", "1"));
        kafka.afterPropertiesSet();
        TopicSetup.ensureTopics(kafka.getBrokersAsString(), 6, (short) 1);

        String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of(
                "--server.port=0",
                "--ledgerline.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:" + postgres.getPort() + "/ledgerline",
                "--spring.r2dbc.username=postgres",
                "--spring.r2dbc.password="), java.util.Arrays.stream(extraArgs)).toArray(String[]::new);
        app = new SpringApplicationBuilder(ProjectionApplication.class).properties(ProjectionApplication.CONFIG_NAME)
                .run(args);
        baseUrl = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
        // A fresh connection per request: under CI load a pooled keep-alive connection was occasionally
        // reused just as it closed, and the request then waited out the timeout (seen twice, not reproduced alone).
        http = WebTestClient.bindToServer(new ReactorClientHttpConnector(
                        HttpClient.create(ConnectionProvider.newConnection())))
                .baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(30)).build();

        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalIdPrefix + "-" + UUID.randomUUID());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer = new KafkaProducer<>(props);
        producer.initTransactions();
    }

    /** Producer first, then the application (its consumer thread), then broker and database. */
    @Override
    public void close() throws Exception {
        producer.close(Duration.ofSeconds(5));
        app.close();
        kafka.destroy();
        postgres.close();
    }
}
