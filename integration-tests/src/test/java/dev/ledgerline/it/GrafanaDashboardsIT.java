package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.ledgerline.it.Http.Response;
import tools.jackson.databind.JsonNode;

/*
 * Goal: every query of every panel in grafana-dashboards/*.json returns data from a real Prometheus
 * scraping the running stack under load, and none is an error (a typo in a metric name or a label, or
 * invalid PromQL, fails here).
 * Method: dev/ensure-prometheus.sh finds Prometheus or installs Debian's package; a Prometheus process of
 * our own (temporary directory, 127.0.0.1, 1 s scrape interval) scrapes the three services of
 * LedgerlineStack; the test drives transfers, rejections, inflight commits and voids, then evaluates
 * each panel target through Prometheus's HTTP API (/api/v1/query). Prometheus is killed afterwards.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GrafanaDashboardsIT {

    /**
     * Where the services serve Prometheus text: /metrics, registered because failsafe runs the integration
     * tests with BLNK_ENABLE_OBSERVABILITY=true (no bearer token is set there).
     */
    private static final String METRICS_PATH = "/metrics";

    /** Grafana's range variable, replaced as Grafana would with a 1 s scrape interval (≥ 4 scrape intervals). */
    private static final Map<String, String> GRAFANA_VARIABLES = Map.of(
            "$__rate_interval", "30s", "$__interval", "5s", "$__range", "5m");

    private static final Duration QUERY_PATIENCE = Duration.ofSeconds(60);
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private static LedgerlineStack stack;
    private static Path workDir;
    private static Process prometheus;
    private static String prometheusUrl;

    @BeforeAll
    static void startStackAndPrometheus() throws Exception {
        Path repo = repositoryRoot();
        String binary = ensurePrometheus(repo);
        stack = LedgerlineStack.get();

        workDir = Files.createTempDirectory("ledgerline-prometheus");
        int port = LoopbackPorts.free();
        prometheusUrl = "http://127.0.0.1:" + port;
        Path config = workDir.resolve("prometheus.yml");
        Files.writeString(config, scrapeConfig());
        prometheus = new ProcessBuilder(binary,
                "--config.file=" + config,
                "--storage.tsdb.path=" + workDir.resolve("data"),
                "--storage.tsdb.retention.time=1h",
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("prometheus.log").toFile())
                .start();
        awaitTargetsUp();
    }

    @AfterAll
    static void stopPrometheus() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (workDir != null) {
            try (Stream<Path> paths = Files.walk(workDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void every_dashboard_query_returns_series_from_prometheus_under_load() throws Exception {
        // given every panel target of every dashboard
        Map<String, String> targets = dashboardTargets(repositoryRoot().resolve("grafana-dashboards"));
        assertThat(targets).as("panel targets in grafana-dashboards/*.json").hasSizeGreaterThan(20);

        // when the stack serves transfers, rejections, inflight commits and voids (and keeps doing so)
        Ledger ledger = new Ledger(stack);
        String alice = ledger.fundedBalance("1000000");
        String bob = ledger.createBalance(ledger.createLedger("dashboards"), "USD");
        driveLoad(ledger, alice, bob);

        // then each target evaluates without error and returns series
        Map<String, String> problems = new LinkedHashMap<>();
        long deadline = System.nanoTime() + QUERY_PATIENCE.toNanos();
        Map<String, String> open = new LinkedHashMap<>(targets);
        while (!open.isEmpty()) {
            problems.clear();
            for (Map.Entry<String, String> target : List.copyOf(open.entrySet())) {
                String problem = check(target.getValue());
                if (problem == null) {
                    open.remove(target.getKey());
                } else {
                    problems.put(target.getKey(), problem);
                }
            }
            if (open.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            driveLoad(ledger, alice, bob); // keeps rates non-empty while Prometheus catches up
            Thread.sleep(1_000);
        }
        assertThat(problems).as("panel targets that failed (Prometheus log: %s)", workDir.resolve("prometheus.log"))
                .isEmpty();
    }

    /** Null when the target evaluates without error to at least one series, otherwise what is wrong with it. */
    private static String check(String expr) {
        JsonNode answer = query(expr);
        if (!"success".equals(answer.path("status").asString())) {
            return "error: " + answer.path("errorType").asString() + ": " + answer.path("error").asString();
        }
        int series = answer.at("/data/result").size();
        return series > 0 ? null : "no series";
    }

    private static void driveLoad(Ledger ledger, String alice, String bob) {
        String run = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            assertThat(ledger.postTransaction("dash-pay-" + i + "-" + run, alice, bob, "100", false).status()).isEqualTo(201);
        }
        // rejected in the worker (insufficient funds), and refused at once with skip_queue (HTTP 400)
        assertThat(ledger.postTransaction("dash-broke-" + run, bob, alice, "999999999", false).status()).isEqualTo(201);
        assertThat(ledger.postTransaction("dash-broke-now-" + run, bob, alice, "999999999", false,
                ",\"skip_queue\":true").status()).isEqualTo(400);
        assertThat(Http.get(ledger.url("/transactions/txn_" + run)).status()).isEqualTo(404);
        for (String action : List.of("commit", "void")) {
            String reference = "dash-hold-" + action + "-" + run;
            Response hold = ledger.postTransaction(reference, alice, bob, "50", false, ",\"inflight\":true");
            assertThat(hold.status()).as(hold.raw()).isEqualTo(201);
            ledger.awaitOutcome(reference);
            Response settled = Http.put(ledger.url("/transactions/inflight/" + hold.body().get("transaction_id").asString()),
                    "{\"status\":\"" + action + "\"}");
            assertThat(settled.status()).as(settled.raw()).isEqualTo(200);
        }
        ledger.awaitOutcome("dash-broke-" + run);
    }

    /** refId-qualified name → PromQL with Grafana's variables replaced, for every panel (rows included). */
    static Map<String, String> dashboardTargets(Path dashboards) throws IOException {
        Map<String, String> targets = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(dashboards)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).as("dashboards in %s", dashboards).isNotEmpty();
        for (Path file : files) {
            JsonNode dashboard = Http.JSON.readTree(Files.readString(file));
            List<JsonNode> panels = new ArrayList<>();
            dashboard.path("panels").forEach(panels::add);
            dashboard.path("panels").forEach(p -> p.path("panels").forEach(panels::add));
            for (JsonNode panel : panels) {
                if ("row".equals(panel.path("type").asString())) {
                    continue;
                }
                assertThat(panel.path("targets").size()).as("targets of panel '%s' in %s",
                        panel.path("title").asString(), file.getFileName()).isPositive();
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asString();
                    for (Map.Entry<String, String> variable : GRAFANA_VARIABLES.entrySet()) {
                        expr = expr.replace(variable.getKey(), variable.getValue());
                    }
                    assertThat(expr).as("panel '%s'", panel.path("title").asString()).isNotBlank().doesNotContain("$");
                    targets.put(file.getFileName() + " / " + panel.path("title").asString() + " / "
                            + target.path("refId").asString() + ": " + expr, expr);
                }
            }
        }
        return targets;
    }

    private static JsonNode query(String expr) {
        return getJson(prometheusUrl + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
    }

    private static JsonNode getJson(String url) {
        try {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return Http.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("Prometheus did not answer " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String scrapeConfig() {
        StringBuilder yaml = new StringBuilder("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n");
        Map<String, String> jobs = new LinkedHashMap<>();
        jobs.put("ledgerline-gateway", stack.gateway());
        jobs.put("ledgerline-worker", stack.processor());
        jobs.put("ledgerline-projection", stack.projection());
        jobs.forEach((job, url) -> yaml.append("  - job_name: ").append(job).append('\n')
                .append("    metrics_path: ").append(METRICS_PATH).append('\n')
                .append("    static_configs:\n      - targets: [\"").append(url.replace("http://", "")).append("\"]\n"));
        return yaml.toString();
    }

    private static void awaitTargetsUp() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!prometheus.isAlive()) {
                throw new AssertionError("prometheus exited: " + Files.readString(workDir.resolve("prometheus.log")));
            }
            try {
                JsonNode targets = getJson(prometheusUrl + "/api/v1/targets").at("/data/activeTargets");
                int up = 0;
                StringBuilder states = new StringBuilder();
                for (JsonNode target : targets) {
                    states.append(target.path("scrapeUrl").asString()).append('=').append(target.path("health").asString())
                            .append(' ').append(target.path("lastError").asString()).append("; ");
                    if ("up".equals(target.path("health").asString())) {
                        up++;
                    }
                }
                if (up == 3) {
                    return;
                }
                last = states.toString();
            } catch (AssertionError e) {
                last = e.getMessage(); // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Prometheus targets not all up (metrics path " + METRICS_PATH + "): " + last);
    }

    private static String ensurePrometheus(Path repo) throws Exception {
        Process ensure = new ProcessBuilder(repo.resolve("dev/ensure-prometheus.sh").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String path = new String(ensure.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!ensure.waitFor(150, TimeUnit.SECONDS)) {
            ensure.destroyForcibly();
            throw new AssertionError("dev/ensure-prometheus.sh did not finish in 150 s");
        }
        assertThat(ensure.exitValue()).as("dev/ensure-prometheus.sh exit code").isZero();
        assertThat(Path.of(path)).as("prometheus binary").isExecutable();
        return path;
    }

    /** The repository root: the first parent of the working directory holding grafana-dashboards/. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("grafana-dashboards"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no grafana-dashboards/ above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
