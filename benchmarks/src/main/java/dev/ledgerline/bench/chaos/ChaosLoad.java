package dev.ledgerline.bench.chaos;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ledgerline.bench.LoadHttpClients;

/**
 * The crash matrix's load (dev/chaos.sh): transfers at a fixed rate against a gateway that is being killed and
 * restarted, for as long as a stop file is absent (and at most {@code --max-seconds}).
 *
 * <p>Setup: one ledger, {@code --balances} balances per currency (USD, EUR) and one balance per currency that never
 * receives money. Nine transfers in ten move 0.01–10.00 between two distinct balances of one currency with
 * {@code allow_overdraft} (expected APPLIED); the tenth debits the empty balance without overdraft (expected
 * REJECTED, insufficient funds). Transfers never touch {@code @World}, so every currency of the ledger sums to zero.
 *
 * <p>Every answer is classified as a client would: a 2xx means the transfer is durable and must get exactly one
 * outcome; anything else (error status, connection refused, timeout) leaves it unknown, and it is sent again with
 * the SAME reference after a pause, up to {@code --max-attempts} times: a retry of a transfer that did land must be
 * deduplicated, never applied twice. Written into {@code --out-dir}: {@code run.properties} (ids),
 * {@code acked.tsv} (reference, expected outcome, attempts; appended as answers arrive) and, at the end,
 * {@code unknown.tsv} (references never acknowledged, with their last error).
 */
public final class ChaosLoad {

    static final List<String> CURRENCIES = List.of("USD", "EUR");
    private static final Pattern LEDGER_ID = Pattern.compile("\"ledger_id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern BALANCE_ID = Pattern.compile("\"balance_id\"\\s*:\\s*\"([^\"]+)\"");
    private static final int MAX_AMOUNT = 1_000;
    private static final long RETRY_PAUSE_MS = 2_000;

    private final Args opt;
    private final HttpClient http;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final String referencePrefix = "chaos-" + runId + "-";
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chaos-load-clock");
        t.setDaemon(true);
        return t;
    });
    private final SplittableRandom random = new SplittableRandom();
    private final List<Transfer> transfers = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger acked = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger skippedTicks = new AtomicInteger();
    private final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private PrintWriter ackedOut;

    private ChaosLoad(Args opt) {
        this.opt = opt;
        this.http = LoadHttpClients.daemon("chaos-load-http", 2, Duration.ofSeconds(2));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("gateway", null);
        defaults.put("out-dir", null);
        defaults.put("stop-file", null);
        defaults.put("api-key", "");
        defaults.put("rate", "20");
        defaults.put("max-seconds", "1800");
        defaults.put("balances", "4");
        defaults.put("max-in-flight", "64");
        defaults.put("max-attempts", "4");
        defaults.put("request-timeout-s", "10");
        Args opt;
        try {
            opt = Args.parse(args, defaults);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        int rc;
        try {
            rc = new ChaosLoad(opt).run();
        } catch (Exception e) {
            System.err.println("chaos load failed: " + e);
            rc = 1;
        }
        System.exit(rc);
    }

    private int run() throws Exception {
        Path outDir = Path.of(opt.text("out-dir"));
        Files.createDirectories(outDir);
        Ledger ledger = setUp();
        writeRunProperties(outDir.resolve("run.properties"), ledger);
        out("setup: ledger %s, %d balances per currency %s (+1 empty each); load at %.1f/s until %s exists",
                ledger.id, opt.integer("balances"), CURRENCIES, opt.decimal("rate"), opt.text("stop-file"));
        ackedOut = new PrintWriter(Files.newBufferedWriter(outDir.resolve("acked.tsv"), StandardCharsets.UTF_8));
        fireUntilStopped(ledger);
        List<Transfer> unknown;
        synchronized (this) {
            // An answer arriving after this point is not recorded as an acknowledgement: the transfer stays unknown.
            ackedOut.close();
            ackedOut = null;
            unknown = transfers.stream().filter(t -> !t.acked).toList();
        }
        writeUnknown(outDir.resolve("unknown.tsv"), unknown);
        out("CHAOSLOAD run=%s sent=%d acked=%d unknown=%d attempts=%d skipped_ticks=%d errors=%s",
                runId, transfers.size(), acked.get(), unknown.size(), attempts.get(), skippedTicks.get(), new TreeMap<>(errors));
        return 0;
    }

    // ------------------------------------------------------------------ setup (the stack is healthy here)

    private record Ledger(String id, Map<String, List<String>> live, Map<String, String> empty) { }

    private Ledger setUp() throws Exception {
        String ledgerId = extract(LEDGER_ID, postOrFail("/ledgers", "{\"name\":\"chaos-" + runId + "\"}"));
        Map<String, List<String>> live = new LinkedHashMap<>();
        Map<String, String> empty = new LinkedHashMap<>();
        List<String> all = new ArrayList<>();
        for (String currency : CURRENCIES) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < opt.integer("balances"); i++) {
                ids.add(createBalance(ledgerId, currency));
            }
            live.put(currency, ids);
            empty.put(currency, createBalance(ledgerId, currency));
            all.addAll(ids);
            all.add(empty.get(currency));
        }
        awaitReadable(all);
        return new Ledger(ledgerId, live, empty);
    }

    private String createBalance(String ledgerId, String currency) throws Exception {
        return extract(BALANCE_ID, postOrFail("/balances",
                "{\"ledger_id\":\"" + ledgerId + "\",\"currency\":\"" + currency + "\"}"));
    }

    /** Balances are created asynchronously: transfers to a balance the processor has not opened would be refused. */
    private void awaitReadable(List<String> balanceIds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (String id : balanceIds) {
            while (http.send(request("/balances/" + id).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode() != 200) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("balance " + id + " not readable within 60 s");
                }
                Thread.sleep(200);
            }
        }
    }

    private void writeRunProperties(Path file, Ledger ledger) throws IOException {
        Properties p = new Properties();
        p.setProperty("ledger_id", ledger.id);
        p.setProperty("reference_prefix", referencePrefix);
        p.setProperty("currencies", String.join(",", CURRENCIES));
        try (var w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "dev/chaos.sh load run");
        }
    }

    // ------------------------------------------------------------------ load

    /** One transfer and what its client knows about it. */
    private static final class Transfer {
        final String reference;
        final String body;
        final String expected;
        final AtomicInteger attempts = new AtomicInteger();
        volatile boolean acked;
        volatile String lastError = "";

        Transfer(String reference, String body, String expected) {
            this.reference = reference;
            this.body = body;
            this.expected = expected;
        }
    }

    private void fireUntilStopped(Ledger ledger) throws InterruptedException {
        long periodUs = Math.max(1, Math.round(1_000_000 / opt.decimal("rate")));
        AtomicInteger sequence = new AtomicInteger();
        clock.scheduleAtFixedRate(() -> tick(ledger, sequence.getAndIncrement()), 0, periodUs, TimeUnit.MICROSECONDS);
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(opt.integer("max-seconds"));
        Path stopFile = Path.of(opt.text("stop-file"));
        long nextReport = start;
        while (!Files.exists(stopFile) && System.nanoTime() < deadline) {
            if (System.nanoTime() >= nextReport) {
                progress(start);
                nextReport += TimeUnit.SECONDS.toNanos(10);
            }
            Thread.sleep(100);
        }
        stopping = true;
        // Answers still on the way are awaited for one request timeout; retries are not sent any more.
        long drain = System.nanoTime() + TimeUnit.SECONDS.toNanos(opt.integer("request-timeout-s") + 5L);
        while (inFlight.get() > 0 && System.nanoTime() < drain) {
            Thread.sleep(50);
        }
        clock.shutdownNow();
        progress(start);
    }

    private void tick(Ledger ledger, int i) {
        if (stopping) {
            return;
        }
        if (inFlight.get() >= opt.integer("max-in-flight")) {
            skippedTicks.incrementAndGet();
            return;
        }
        String currency = CURRENCIES.get(i % CURRENCIES.size());
        List<String> live = ledger.live.get(currency);
        String reference = referencePrefix + i;
        long amount = 1 + random.nextInt(MAX_AMOUNT);
        Transfer t;
        if (i % 10 == 9) {
            String destination = live.get(random.nextInt(live.size()));
            t = new Transfer(reference, body(reference, currency, ledger.empty.get(currency), destination, amount, false), "REJECTED");
        } else {
            int from = random.nextInt(live.size());
            int to = (from + 1 + random.nextInt(live.size() - 1)) % live.size();
            t = new Transfer(reference, body(reference, currency, live.get(from), live.get(to), amount, true), "APPLIED");
        }
        transfers.add(t);
        send(t);
    }

    private void send(Transfer t) {
        if (stopping) {
            return;
        }
        t.attempts.incrementAndGet();
        attempts.incrementAndGet();
        inFlight.incrementAndGet();
        HttpRequest post = request("/transactions").POST(HttpRequest.BodyPublishers.ofString(t.body)).build();
        http.sendAsync(post, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            try {
                if (failure == null && response.statusCode() / 100 == 2) {
                    acknowledge(t);
                } else {
                    String error = failure != null ? rootCause(failure).getClass().getSimpleName() : "HTTP " + response.statusCode();
                    t.lastError = error;
                    errors.computeIfAbsent(error, k -> new AtomicInteger()).incrementAndGet();
                    if (t.attempts.get() < opt.integer("max-attempts") && !stopping) {
                        clock.schedule(() -> send(t), RETRY_PAUSE_MS, TimeUnit.MILLISECONDS);
                    }
                }
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    private synchronized void acknowledge(Transfer t) {
        if (ackedOut == null) {
            return;
        }
        t.acked = true;
        acked.incrementAndGet();
        ackedOut.println(t.reference + "\t" + t.expected + "\t" + t.attempts.get());
        ackedOut.flush();
    }

    private static void writeUnknown(Path file, List<Transfer> unknown) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Transfer t : unknown) {
            lines.add(t.reference + "\t" + t.expected + "\t" + t.attempts.get() + "\t" + t.lastError);
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private void progress(long start) {
        out("t=%ds sent=%d acked=%d in_flight=%d errors=%s", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start),
                transfers.size(), acked.get(), inFlight.get(), new TreeMap<>(errors));
    }

    // ------------------------------------------------------------------ HTTP helpers

    private static String body(String reference, String currency, String source, String destination, long amount,
                               boolean allowOverdraft) {
        return "{\"precise_amount\":" + amount + ",\"precision\":100,\"currency\":\"" + currency + "\",\"reference\":\""
                + reference + "\",\"description\":\"chaos\",\"source\":\"" + source + "\",\"destination\":\""
                + destination + "\",\"allow_overdraft\":" + allowOverdraft + "}";
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(opt.text("gateway") + path))
                .timeout(Duration.ofSeconds(opt.integer("request-timeout-s")))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
        if (!opt.text("api-key").isEmpty()) {
            b.header("X-Blnk-Key", opt.text("api-key"));
        }
        return b;
    }

    /**
     * Setup POST, retried for up to a minute on timeouts, connection errors and 5xx: right after dev/up.sh a freshly
     * started gateway can be slow to answer its first requests on a busy machine. A retry that duplicates a ledger or
     * a balance only leaves an unused one behind.
     */
    private String postOrFail(String path, String json) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            String problem;
            try {
                HttpResponse<String> r = http.send(request(path).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 == 2) {
                    return r.body();
                }
                if (r.statusCode() < 500) {
                    throw new IllegalStateException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
                }
                problem = "HTTP " + r.statusCode() + ": " + r.body();
            } catch (IOException e) {
                problem = e.toString();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("POST " + path + " failed for 60 s, last: " + problem);
            }
            Thread.sleep(1_000);
        }
    }

    private static String extract(Pattern p, String body) {
        Matcher m = p.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no " + p.pattern() + " in " + body);
        }
        return m.group(1);
    }

    private static Throwable rootCause(Throwable e) {
        while (e.getCause() != null && e.getCause() != e) {
            e = e.getCause();
        }
        return e;
    }

    private static void out(String fmt, Object... args) {
        System.out.println(String.format(Locale.ROOT, fmt, args));
        System.out.flush();
    }
}
