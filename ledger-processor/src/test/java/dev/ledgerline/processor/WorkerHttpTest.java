package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.FileSystemUtils;

/*
 * Goal: the worker's port speaks Blnk's worker contract — /health exactly {"status":"UP","service":"worker"},
 * 503 DOWN with a reason once Kafka is gone (Kafka Streams alone keeps saying RUNNING), and /metrics under
 * the bearer rule with the worker's blnk_* series. Method: the real processor application on an embedded
 * KRaft broker over real HTTP; the broker is then stopped under it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerHttpTest {

    private static final String TOKEN = "worker-scrape-token";

    private EmbeddedKafkaKraftBroker kafka;
    private Path stateDir;
    private ConfigurableApplicationContext app;
    private WebTestClient http;

    @BeforeAll
    void start() throws Exception {
        kafka = new EmbeddedKafkaKraftBroker(1, 6);
        kafka.brokerProperties(Map.of("transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1", "offsets.topic.replication.factor", "1"));
        kafka.afterPropertiesSet();
        stateDir = Files.createTempDirectory("worker-http-test");
        app = new SpringApplicationBuilder(ProcessorApplication.class).properties(ProcessorApplication.CONFIG_NAME).run(
                "--server.port=0",
                "--ledgerline.processor.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--ledgerline.processor.state-dir=" + stateDir,
                "--ledgerline.processor.instance-id=",
                "--blnk.enable-observability=true", "--blnk.server.metrics-bearer-token=" + TOKEN);
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(20)).build();
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        if (kafka != null) {
            kafka.destroy();
        }
        FileSystemUtils.deleteRecursively(stateDir.toFile());
    }

    @Test
    @Order(1)
    void health_is_exactly_blnks_worker_body_once_the_streams_client_runs() {
        String body = awaitHealth(200, Duration.ofSeconds(90)).getResponseBody();

        assertThat(body).isEqualTo("{\"status\":\"UP\",\"service\":\"worker\"}");
    }

    @Test
    @Order(2)
    void metrics_need_the_bearer_token_and_show_the_workers_blnk_series() {
        http.get().uri("/metrics").exchange().expectStatus().isUnauthorized();
        http.get().uri("/actuator/prometheus").exchange().expectStatus().isNotFound();

        String body = http.get().uri("/metrics").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

        assertThat(body)
                .contains("blnk_worker_retries_total{reason=\"producer_send\",service=\"worker\"}")
                .contains("blnk_worker_retries_total{reason=\"stream_thread_failed\",service=\"worker\"}")
                .containsPattern("blnk_queue_processing_duration_seconds_count\\{result=\"success\",service=\"worker\","
                        + "stage=\"balance-worker\"}")
                .contains("ledgerline_accept_to_applied_seconds_count{service=\"worker\"}");
    }

    @Test
    @Order(3)
    void health_is_down_naming_kafka_once_the_broker_is_gone() {
        kafka.destroy();
        kafka = null;

        String body = awaitHealth(503, Duration.ofSeconds(30)).getResponseBody();

        assertThat(body).startsWith("{\"status\":\"DOWN\",\"reason\":\"kafka unreachable");
    }

    private EntityExchangeResult<String> awaitHealth(int status, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        EntityExchangeResult<String> result;
        do {
            result = http.get().uri("/health").exchange().expectBody(String.class).returnResult();
            if (result.getStatus().value() == status) {
                return result;
            }
            sleep();
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no " + status + " from /health within " + within + "; last: " + result.getStatus() + " "
                + result.getResponseBody());
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
