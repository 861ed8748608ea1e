package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/*
 * Goal: docker-compose.kafka.yml runs what the README promises (no Docker engine runs here, so the file is
 * checked rather than started): every service with its documented host port, images of the three services
 * built from this repository, environment variables that the services really read, bind mounts of files
 * that exist, and Prometheus and Grafana wired to the right targets and dashboards.
 * Method: SnakeYAML parses the compose file, infra/prometheus/prometheus.yml and Grafana's provisioning;
 * each value is compared with the services' own configuration files in this repository.
 */
class DockerComposeFileTest {

    /** The Blnk and OpenTelemetry variables of the shared configuration contract (read by the observability module). */
    private static final Set<String> DOCUMENTED_VARIABLES = Set.of(
            "BLNK_ENABLE_OBSERVABILITY", "BLNK_METRICS_BEARER_TOKEN", "BLNK_SERVER_SECURE", "BLNK_SERVER_SECRET_KEY",
            "BLNK_MONITORING_DSN", "BLNK_CLOUD_DSN", "BLNK_SERVER_PORT", "BLNK_QUEUE_MONITORING_PORT",
            "BLNK_WEBHOOK_URL", "BLNK_WEBHOOK_HEADERS", "BLNK_TOKENIZATION_SECRET",
            "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
            "LEDGERLINE_OTLP_METRICS_INTERVAL", "JAVA_TOOL_OPTIONS");

    /** Module → its Spring config file, where its own variables are read (${NAME:default}). */
    private static final Map<String, String> SERVICE_CONFIG = Map.of(
            "api-gateway", "api-gateway/src/main/resources/api-gateway.yml",
            "ledger-processor", "ledger-processor/src/main/resources/ledger-processor.yml",
            "projection-service", "projection-service/src/main/resources/projection-service.properties");

    private static Path repo;
    private static Map<String, Object> services;
    private static Map<String, Object> compose;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        repo = GrafanaDashboardsIT.repositoryRoot();
        compose = new Yaml().load(Files.readString(repo.resolve("docker-compose.kafka.yml")));
        services = (Map<String, Object>) compose.get("services");
    }

    @Test
    void every_documented_component_is_there_on_its_documented_host_port() {
        // given the documented ports (README, DESIGN.md §2; Jaeger's OTLP/HTTP port of Blnk's guide)
        Map<String, List<Integer>> expected = new LinkedHashMap<>();
        expected.put("api-gateway", List.of(5001));
        expected.put("ledger-processor", List.of(5004));
        // one public door: projection-service, Kafka and PostgreSQL are reachable only inside the compose network
        expected.put("projection-service", List.of());
        expected.put("kafka-1", List.of());
        expected.put("kafka-2", List.of());
        expected.put("kafka-3", List.of());
        expected.put("postgres", List.of());
        expected.put("prometheus", List.of(9090));
        expected.put("grafana", List.of(3000));
        expected.put("jaeger", List.of(16686));

        // then exactly these services exist, each publishing those ports on 127.0.0.1
        assertThat(services.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((service, ports) -> {
            List<Integer> published = new ArrayList<>();
            Object mappings = service(service).get("ports");
            for (Object mapping : mappings == null ? List.of() : list(mappings)) {
                String[] parts = mapping.toString().split(":");
                assertThat(parts).as("%s port %s is host-ip:host-port:container-port", service, mapping).hasSize(3);
                assertThat(parts[0]).as("%s binds 127.0.0.1 only", service).isEqualTo("127.0.0.1");
                published.add(Integer.parseInt(parts[1]));
            }
            assertThat(published).as("host ports of %s", service).containsExactlyElementsOf(ports);
        });
    }

    @Test
    void the_three_services_are_built_from_this_repository_and_listen_where_they_are_published() throws IOException {
        Path dockerfile = repo.resolve("Dockerfile");
        assertThat(dockerfile).isRegularFile();
        String dockerfileText = Files.readString(dockerfile);
        assertThat(dockerfileText).contains("ARG SERVICE", "-pl \"$SERVICE\" -am package", "-exec.jar");
        assertThat(Files.readString(repo.resolve("pom.xml"))).contains("<classifier>exec</classifier>",
                "<version>0.1.0-SNAPSHOT</version>");
        Map<String, String> portVariable = Map.of("api-gateway", "BLNK_SERVER_PORT",
                "ledger-processor", "BLNK_QUEUE_MONITORING_PORT", "projection-service", "PROJECTION_PORT");

        for (String module : SERVICE_CONFIG.keySet()) {
            Map<String, Object> service = service(module);
            Map<String, Object> build = map(service.get("build"));
            assertThat(build.get("context")).as("%s build context", module).isEqualTo(".");
            assertThat(repo.resolve(build.get("dockerfile").toString())).as("%s Dockerfile", module).isRegularFile();
            assertThat(map(build.get("args")).get("SERVICE")).as("%s module", module).isEqualTo(module);
            assertThat(repo.resolve(module).resolve("pom.xml")).isRegularFile();

            // the container port it publishes (or, unpublished, the port the gateway calls) is the port it listens on
            String containerPort = service.get("ports") == null
                    ? environment("api-gateway").get("PROJECTION_URL").replaceAll(".*:", "")
                    : list(service.get("ports")).get(0).toString().split(":")[2];
            assertThat(environment(module).get(portVariable.get(module))).as("%s port variable", module)
                    .isEqualTo(containerPort);
            // and inside the network it listens on every interface of its container
            assertThat(environment(module)).containsEntry("LEDGERLINE_BIND_ADDRESS", "0.0.0.0");
        }
    }

    @Test
    void every_variable_given_to_a_service_is_one_it_reads() throws IOException {
        for (Map.Entry<String, String> entry : SERVICE_CONFIG.entrySet()) {
            String module = entry.getKey();
            String config = Files.readString(repo.resolve(entry.getValue()));
            Map<String, String> environment = environment(module);

            // then each variable is part of the Blnk/OTel contract or read by the service's own config file
            for (String variable : environment.keySet()) {
                assertThat(DOCUMENTED_VARIABLES.contains(variable) || config.contains("${" + variable + ":"))
                        .as("%s: %s is neither a documented BLNK_*/OTEL_* variable nor read in %s", module, variable,
                                entry.getValue())
                        .isTrue();
            }
            // and monitoring is on, exported to Jaeger, with the security settings passed through from the user
            assertThat(environment).containsEntry("BLNK_ENABLE_OBSERVABILITY", "true")
                    .containsEntry("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://jaeger:4318")
                    .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092,kafka-3:9092")
                    .containsEntry("BLNK_METRICS_BEARER_TOKEN", "${BLNK_METRICS_BEARER_TOKEN:-}")
                    .containsEntry("BLNK_SERVER_SECURE", "${BLNK_SERVER_SECURE:-false}")
                    .containsEntry("BLNK_SERVER_SECRET_KEY", "${BLNK_SERVER_SECRET_KEY:-}")
                    .containsEntry("BLNK_MONITORING_DSN", "${BLNK_MONITORING_DSN:-}");
        }
        assertThat(environment("api-gateway")).containsEntry("PROJECTION_URL", "http://projection-service:5005");
        Map<String, String> postgres = environment("postgres");
        assertThat(environment("projection-service")).containsEntry("PROJECTION_DB_URL",
                "r2dbc:postgresql://postgres:5432/" + postgres.get("POSTGRES_DB"));
    }

    @Test
    void kafka_is_a_cluster_of_three_brokers_that_survives_the_loss_of_one() {
        List<String> voters = new ArrayList<>();
        Set<String> nodeIds = new HashSet<>();
        for (int n = 1; n <= 3; n++) {
            Map<String, String> broker = environment("kafka-" + n);
            // each broker advertises its own name and is one of the three KRaft voters
            assertThat(broker).containsEntry("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka-" + n + ":9092")
                    .containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                    .containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093");
            nodeIds.add(broker.get("KAFKA_NODE_ID"));
            voters.add(broker.get("KAFKA_NODE_ID") + "@kafka-" + n + ":9093");
            // three copies of everything, a write acknowledged by two: one broker down loses and blocks nothing
            assertThat(broker).containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
                    .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2");
            assertThat(list(service("kafka-" + n).get("volumes"))).contains("kafka-" + n + "-data:/var/lib/kafka/data");
        }
        assertThat(nodeIds).containsExactlyInAnyOrder("1", "2", "3");
        assertThat(String.join(",", voters)).isEqualTo("1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093");
        // and the processor, the one service that creates topics (and its changelogs), uses the same settings
        assertThat(environment("ledger-processor")).containsEntry("LEDGERLINE_TOPICS_REPLICATION_FACTOR", "3")
                .containsEntry("LEDGERLINE_TOPICS_MIN_INSYNC_REPLICAS", "2");
        assertThat(dependencies(service("ledger-processor"))).map(Object::toString)
                .contains("kafka-1", "kafka-2", "kafka-3");
    }

    @Test
    void every_bind_mount_exists_in_the_repository_and_every_named_volume_is_declared() {
        Set<String> declared = map(compose.get("volumes")).keySet();
        for (String name : services.keySet()) {
            Object volumes = service(name).get("volumes");
            for (Object volume : volumes == null ? List.of() : list(volumes)) {
                String source = volume.toString().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(repo.resolve(source.substring(2))).as("%s mounts %s", name, source).exists();
                } else {
                    assertThat(declared).as("%s uses volume %s", name, source).contains(source);
                }
            }
            for (Object dependency : dependencies(service(name))) {
                assertThat(services).as("%s depends on %s", name, dependency).containsKey(dependency.toString());
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheus_scrapes_metrics_of_the_three_services_and_grafana_gets_that_prometheus_and_the_dashboards()
            throws IOException {
        // Prometheus: its config file is mounted where its command line reads it, and scrapes /metrics of each service
        assertThat(list(service("prometheus").get("volumes")))
                .contains("./infra/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
        assertThat(list(service("prometheus").get("command"))).contains("--config.file=/etc/prometheus/prometheus.yml");
        Map<String, Object> prometheus = new Yaml().load(Files.readString(repo.resolve("infra/prometheus/prometheus.yml")));
        List<String> targets = new ArrayList<>();
        for (Object job : list(prometheus.get("scrape_configs"))) {
            Map<String, Object> scrape = map(job);
            assertThat(scrape.get("metrics_path")).as("job %s", scrape.get("job_name")).isEqualTo("/metrics");
            for (Object config : list(scrape.get("static_configs"))) {
                list(map(config).get("targets")).forEach(t -> targets.add(t.toString()));
            }
        }
        assertThat(targets).containsExactlyInAnyOrder("api-gateway:5001", "ledger-processor:5004", "projection-service:5005");

        // Grafana: datasource at the compose Prometheus, with the uid the dashboards use; dashboards folder mounted
        Map<String, Object> datasources = new Yaml().load(Files.readString(
                repo.resolve("grafana-dashboards/provisioning/datasources/prometheus.yml")));
        Map<String, Object> datasource = map(list(datasources.get("datasources")).get(0));
        assertThat(datasource.get("url")).isEqualTo("http://prometheus:9090");
        String dashboard = Files.readString(repo.resolve("grafana-dashboards/ledgerline-overview.json"));
        assertThat(dashboard).contains("\"uid\": \"" + datasource.get("uid") + "\"");
        Map<String, Object> providers = new Yaml().load(Files.readString(
                repo.resolve("grafana-dashboards/provisioning/dashboards/ledgerline.yml")));
        String dashboardPath = map(map(list(providers.get("providers")).get(0)).get("options")).get("path").toString();
        assertThat(list(service("grafana").get("volumes"))).contains(
                "./grafana-dashboards:" + dashboardPath + ":ro",
                "./grafana-dashboards/provisioning/datasources:/etc/grafana/provisioning/datasources:ro",
                "./grafana-dashboards/provisioning/dashboards:/etc/grafana/provisioning/dashboards:ro");
        assertThat(map(service("jaeger").get("environment"))).containsEntry("COLLECTOR_OTLP_ENABLED", "true");
    }

    // ------------------------------------------------------------------ helpers

    private static Map<String, Object> service(String name) {
        assertThat(services).containsKey(name);
        return map(services.get(name));
    }

    /** The service's environment with every value as the string Compose passes (numbers included). */
    private static Map<String, String> environment(String name) {
        Map<String, String> environment = new LinkedHashMap<>();
        map(service(name).get("environment")).forEach((key, value) -> environment.put(key, String.valueOf(value)));
        return environment;
    }

    private static List<Object> dependencies(Map<String, Object> service) {
        Object dependsOn = service.get("depends_on");
        if (dependsOn == null) {
            return List.of();
        }
        return dependsOn instanceof Map<?, ?> m ? new ArrayList<>(m.keySet()) : list(dependsOn);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }
}
