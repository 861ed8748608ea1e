package dev.ledgerline.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.TransactionRecord;

/**
 * Load driver for a running Ledgerline stack (dev/bench.sh).
 *
 * <ol>
 *   <li>Creates a ledger and {@code --balances} USD balances over the gateway's Blnk API, and funds each from
 *       {@code @World}; waits until every balance shows its funds.</li>
 *   <li>Assigns a read_committed consumer to every partition of {@code ledger.transactions}, at the end.</li>
 *   <li>Fires {@code --transfers} transfers between random distinct balances, at most {@code --concurrency} in
 *       flight, and records per transfer the send time, the HTTP answer time and status, and the time the
 *       consumer sees its final record ({@code APPLIED} or {@code REJECTED}, reference {@code <ref>_q}).</li>
 *   <li>Prints throughput and latency percentiles, and one machine-readable {@code BENCH ...} line.</li>
 * </ol>
 * Bounded in count and in time ({@code --timeout-s} for the transfer phase), loopback only unless told otherwise.
 */
public final class TransferBenchmark {

    private static final Pattern LEDGER_ID = Pattern.compile("\"ledger_id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern BALANCE_ID = Pattern.compile("\"balance_id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern BALANCE = Pattern.compile("\"balance\"\\s*:\\s*\"?(-?\\d+)");
    /** Funding per balance in minor units (precision 100): 1,000,000.00 USD. Transfers move at most 10.00. */
    private static final long FUNDING = 100_000_000L;
    private static final int MAX_TRANSFER = 1_000;

    private final BenchOptions opt;
    private final LoadHttpClient http;
    private final String runId = Long.toString(System.currentTimeMillis(), 36)
            + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);

    // per transfer i: nanoTime at send, at HTTP answer, at final record; HTTP status; 0 = not yet
    private long[] sentNs;
    private long[] answeredNs;
    private AtomicLongArray doneNs;
    private int[] httpStatus;
    private final Map<String, Integer> indexByReference = new ConcurrentHashMap<>();
    private final AtomicInteger applied = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicInteger decodeErrors = new AtomicInteger();
    private final AtomicLong lastDoneNs = new AtomicLong();
    private final Map<String, AtomicInteger> rejectionCodes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> httpErrors = new ConcurrentHashMap<>();

    private TransferBenchmark(BenchOptions opt) {
        this.opt = opt;
        // connections: the requests in flight plus the readability probes' GETs
        this.http = new LoadHttpClient(opt.gateway().toString(), opt.apiKey(), opt.concurrency() + 32,
                Duration.ofSeconds(30));
    }

    public static void main(String[] args) throws Exception {
        // slf4j-simple: the Kafka client's INFO config dumps would bury the report (override with -D...=info)
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        BenchOptions opt;
        try {
            opt = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        int rc;
        try {
            rc = new TransferBenchmark(opt).run();
        } catch (Exception e) {
            Throwable root = rootCause(e);
            System.err.println("benchmark failed: " + e + (root != e ? " (cause: " + root + ")" : ""));
            rc = 1;
        }
        System.exit(rc);
    }

    private int run() throws Exception {
        out("Ledgerline transfer benchmark: run %s, gateway %s, bootstrap %s, %d transfers, concurrency %d, %d balances, hot share %d %%",
                runId, opt.gateway(), opt.bootstrap(), opt.transfers(), opt.concurrency(), opt.balances(), opt.hotPercent());

        long t0 = System.nanoTime();
        // the set-up's funding transfers are retried on 503 QUEUE_BACKPRESSURE until this deadline too (a run right
        // after another may find the gate closed while the queues drain)
        watcherDeadlineNs = t0 + TimeUnit.SECONDS.toNanos(opt.timeoutSeconds());
        String ledgerId = extract(LEDGER_ID, post("/ledgers", "{\"name\":\"bench-" + runId + "\"}"), "ledger_id");
        List<String> balances = createBalances(ledgerId);
        out("setup: ledger %s, %d balances created in %.1f s", ledgerId, balances.size(), secs(System.nanoTime() - t0));
        fund(balances);
        out("setup: every balance funded in %.1f s", secs(System.nanoTime() - t0));

        try (KafkaConsumer<byte[], byte[]> consumer = consumerAtEnd();
             ReadabilityProbe readability = opt.readableSamples() == 0 ? null
                     : new ReadabilityProbe(http, opt.transfers(), PROBE_INTERVAL_MS)) {
            probe = readability;
            Thread watcher = new Thread(() -> watch(consumer), "applied-watcher");
            sentNs = new long[opt.transfers()];
            answeredNs = new long[opt.transfers()];
            doneNs = new AtomicLongArray(opt.transfers());
            httpStatus = new int[opt.transfers()];
            watcherDeadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(opt.timeoutSeconds());
            backpressureRetries.set(0); // the run's refusals, not the set-up's
            watcher.start();
            fire(balances);
            watcher.join();
            awaitLastReadable();
        }
        int rc = report();
        http.close();
        return rc;
    }

    // ------------------------------------------------------------------ setup

    private List<String> createBalances(String ledgerId) throws Exception {
        List<CompletableFuture<String>> futures = new ArrayList<>();
        Semaphore inFlight = new Semaphore(16);
        for (int i = 0; i < opt.balances(); i++) {
            inFlight.acquire();
            String body = "{\"ledger_id\":\"" + ledgerId + "\",\"currency\":\"USD\",\"meta_data\":{\"bench\":\"" + runId + "\"}}";
            futures.add(sendAsync("/balances", body).whenComplete((r, e) -> inFlight.release())
                    .thenApply(r -> extract(BALANCE_ID, expect201("POST /balances", r), "balance_id")));
        }
        List<String> ids = new ArrayList<>();
        for (CompletableFuture<String> f : futures) {
            ids.add(f.get(60, TimeUnit.SECONDS));
        }
        return ids;
    }

    private void fund(List<String> balances) throws Exception {
        List<CompletableFuture<String>> futures = new ArrayList<>();
        Semaphore inFlight = new Semaphore(16);
        for (int i = 0; i < balances.size(); i++) {
            inFlight.acquire();
            String body = transaction("bench-" + runId + "-fund-" + i, "@World", balances.get(i), FUNDING, true, "fund");
            futures.add(sendRetryingBackpressure("/transactions", body).whenComplete((r, e) -> inFlight.release())
                    .thenApply(r -> expect201("POST /transactions (fund)", r)));
        }
        for (CompletableFuture<String> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(60, opt.timeoutSeconds()));
        List<String> pending = new ArrayList<>(balances);
        while (!pending.isEmpty()) {
            List<String> still = new ArrayList<>();
            for (String id : pending) {
                LoadHttpClient.Answer r = http.get("/balances/" + id).get(60, TimeUnit.SECONDS);
                Matcher m = BALANCE.matcher(r.body());
                if (r.status() != 200 || !m.find() || Long.parseLong(m.group(1)) < FUNDING) {
                    still.add(id);
                }
            }
            pending = still;
            if (!pending.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(pending.size() + " balances not funded in time, e.g. " + pending.get(0));
                }
                Thread.sleep(250);
            }
        }
    }

    private KafkaConsumer<byte[], byte[]> consumerAtEnd() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, opt.bootstrap());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "ledgerline-bench-" + runId);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<PartitionInfo> infos = c.partitionsFor(Topics.TRANSACTIONS, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            c.close();
            throw new IllegalStateException("topic " + Topics.TRANSACTIONS + " not found on " + opt.bootstrap());
        }
        List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        c.assign(parts);
        c.seekToEnd(parts);
        parts.forEach(tp -> c.position(tp, Duration.ofSeconds(30)));   // resolve the seek now, before any transfer
        // Warm up: the first fetches (connection, fetch session) must not be charged to the first transfers.
        long warm = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1000);
        while (System.nanoTime() < warm) {
            c.poll(Duration.ofMillis(100)).forEach(r -> { });
        }
        out("consumer: %s, %d partitions, read_committed, at the end", Topics.TRANSACTIONS, parts.size());
        return c;
    }

    // ------------------------------------------------------------------ load

    private volatile boolean firing;
    private volatile long watcherDeadlineNs;
    private final AtomicInteger outstandingHttp = new AtomicInteger();

    /**
     * Sends the transfers, at most {@code --concurrency} requests in flight: one {@code POST /transactions} per
     * transfer, or with {@code --bulk-size n > 1} one non-atomic {@code POST /transactions/bulk} per n transfers (each
     * item keeps its own reference, so its {@code _q} record is watched as a single transfer's is; all items of a
     * request share its send and answer times).
     */
    private void fire(List<String> balances) throws InterruptedException {
        Semaphore inFlight = new Semaphore(opt.concurrency());
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        TransferPairs pairs = new TransferPairs(balances.size(), opt.hotPercent(), rnd);
        firing = true;
        long deadline = watcherDeadlineNs;
        int sent = 0;
        int progressStep = Math.max(1, opt.transfers() / 10);
        long startNs = System.nanoTime();
        int request = warmUp(balances, pairs, inFlight, startNs, deadline);
        while (sent < opt.transfers()) {
            // Open loop: a request is due at its scheduled time and its times count from then, so a request the
            // sender could only send late (no free slot, a stalled client) is charged its lateness (no coordinated
            // omission).
            long dueNs = opt.openLoop() ? startNs + opt.dueOffsetNanos(request) : 0;
            while (opt.openLoop() && System.nanoTime() < dueNs) {
                LockSupport.parkNanos(dueNs - System.nanoTime());
            }
            request++;
            long left = deadline - System.nanoTime();
            if (left <= 0 || !inFlight.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                out("timeout: stopped sending after %d of %d transfers", sent, opt.transfers());
                break;
            }
            int first = sent;
            int count = Math.min(opt.bulkSize(), opt.transfers() - sent);
            for (int i = first; i < first + count; i++) {
                indexByReference.put(measuredReference(i), i);
            }
            Request r = request(count, i -> measuredReference(first + i), balances, pairs, "bench");
            outstandingHttp.incrementAndGet();
            long sendNs = opt.openLoop() ? dueNs : System.nanoTime();
            if (opt.openLoop() && System.nanoTime() - dueNs > LATE_NS) {
                lateRequests.incrementAndGet();
            }
            for (int i = first; i < first + count; i++) {
                sentNs[i] = sendNs;
            }
            sendRetryingBackpressure(r.path(), r.body()).whenComplete((answer, e) -> {
                long answerNs = System.nanoTime();
                int status = e != null ? -1 : answer.status();
                for (int i = first; i < first + count; i++) {
                    answeredNs[i] = answerNs;
                    httpStatus[i] = status;
                }
                if (e != null) {
                    httpErrors.computeIfAbsent(rootCause(e).getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
                } else if (status != 201) {
                    httpErrors.computeIfAbsent("HTTP " + status, k -> new AtomicInteger()).incrementAndGet();
                }
                outstandingHttp.decrementAndGet();
                inFlight.release();
            });
            if ((sent + count) / progressStep > sent / progressStep) {
                out("  sent %d, final records seen %d", sent + count, finished.get());
            }
            sent += count;
        }
        sentCount = sent;
        // wait for the remaining HTTP answers (bounded by the deadline)
        while (outstandingHttp.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        firing = false;
    }

    private String measuredReference(int transfer) {
        return "bench-" + runId + "-t-" + transfer;
    }

    /** One HTTP request of the load: a single transfer, or with {@code --bulk-size} above 1 a non-atomic bulk. */
    private record Request(String path, String body) { }

    /** A request of {@code count} transfers between random pairs, item {@code i} with reference {@code reference(i)}. */
    private Request request(int count, IntFunction<String> reference, List<String> balances,
                            TransferPairs pairs, String description) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < count; i++) {
            int[] pair = pairs.next();
            items.append(i > 0 ? "," : "").append(transaction(reference.apply(i), balances.get(pair[0]),
                    balances.get(pair[1]), 1 + rnd.nextInt(MAX_TRANSFER), false, description));
        }
        return opt.bulkSize() > 1
                ? new Request("/transactions/bulk", "{\"atomic\":false,\"transactions\":[" + items + "]}")
                : new Request("/transactions", items.toString());
    }

    /**
     * Open loop, {@code --warmup-s}: sends {@link BenchOptions#warmupRequests()} requests on the same schedule as the
     * measured ones, with references the watcher does not know, so that none of their times counts. Returns the
     * number of requests sent, so that the measured ones go on at the same rate without a gap.
     */
    private int warmUp(List<String> balances, TransferPairs pairs, Semaphore inFlight, long startNs, long deadline)
            throws InterruptedException {
        int requests = opt.warmupRequests();
        for (int request = 0; request < requests; request++) {
            long dueNs = startNs + opt.dueOffsetNanos(request);
            while (System.nanoTime() < dueNs) {
                LockSupport.parkNanos(dueNs - System.nanoTime());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || !inFlight.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("timeout during the warm-up, after " + request + " requests");
            }
            String prefix = "bench-" + runId + "-w-" + request + "-";
            Request r = request(opt.bulkSize(), i -> prefix + i, balances, pairs, "warm-up");
            sendRetryingBackpressure(r.path(), r.body()).whenComplete((answer, e) -> inFlight.release());
        }
        if (requests > 0) {
            out("  warm-up: %d requests sent at %d/s, not measured", requests, opt.ratePerSecond());
        }
        return requests;
    }

    // ------------------------------------------------------------------ readable through the gateway

    /** How often a watched transfer's readability is asked for: the resolution of the readable times. */
    private static final long PROBE_INTERVAL_MS = 25;
    private ReadabilityProbe probe;
    /** Per partition of ledger.transactions, the last transfer whose final record the watcher saw there. */
    private final Map<Integer, Integer> lastFinalByPartition = new ConcurrentHashMap<>();
    private List<Integer> lastFinals = List.of();
    private boolean allReadable;

    /** Every {@code sampleEvery()}-th transfer has its readability probed (0 = none). */
    private int sampleEvery() {
        return opt.readableSamples() == 0 ? 0 : Math.max(1, opt.transfers() / opt.readableSamples());
    }

    private boolean sampled(int index) {
        return sampleEvery() > 0 && index % sampleEvery() == 0;
    }

    private String finalReference(int index) {
        return measuredReference(index) + "_q";
    }

    /**
     * The projection applies each partition in order and commits a poll at once, so once the last final record of
     * every partition is readable, every transfer is: that moment ends the "applied (readable)" window.
     */
    private void awaitLastReadable() throws InterruptedException {
        if (probe == null || lastFinalByPartition.isEmpty()) {
            return;
        }
        lastFinals = List.copyOf(lastFinalByPartition.values());
        lastFinals.stream().filter(i -> !sampled(i)).forEach(i -> probe.watch(i, finalReference(i)));
        // the sampled transfers too, so that none is left out of the lag figures for being slow
        List<Integer> awaited = new ArrayList<>(lastFinals);
        for (int i = 0; i < sentCount; i++) {
            if (sampled(i) && doneNs.get(i) != 0) {
                awaited.add(i);
            }
        }
        allReadable = probe.awaitReadable(awaited,
                System.nanoTime() + TimeUnit.SECONDS.toNanos(opt.timeoutSeconds()));
        if (!allReadable) {
            out("timeout: the last transfers were not readable through the gateway after %d s", opt.timeoutSeconds());
        }
    }

    /** 503 QUEUE_BACKPRESSURE answers, each followed by the same request after its Retry-After delay. */
    private final AtomicInteger backpressureRetries = new AtomicInteger();

    /**
     * Sends like a well-behaved client: a request refused with 503 {@code QUEUE_BACKPRESSURE} published nothing, so it
     * is sent again, unchanged, after the {@code Retry-After} delay (until the run's deadline). Its times still count
     * from the first send.
     */
    private CompletableFuture<LoadHttpClient.Answer> sendRetryingBackpressure(String path, String body) {
        return sendAsync(path, body).thenCompose(answer -> {
            if (answer.status() != 503 || !answer.body().contains("QUEUE_BACKPRESSURE")
                    || System.nanoTime() > watcherDeadlineNs) {
                return CompletableFuture.completedFuture(answer);
            }
            backpressureRetries.incrementAndGet();
            long delayS = retryAfterSeconds(answer.retryAfter());
            return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(delayS, TimeUnit.SECONDS))
                    .thenCompose(ignored -> sendRetryingBackpressure(path, body));
        });
    }

    private static long retryAfterSeconds(String header) {
        try {
            return header == null ? 1 : Math.max(1, Math.min(30, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private volatile int sentCount;
    /** Open loop: requests that left more than {@link #LATE_NS} after their scheduled time. */
    private final AtomicInteger lateRequests = new AtomicInteger();
    private static final long LATE_NS = TimeUnit.MILLISECONDS.toNanos(10);

    /** Polls ledger.transactions until every transfer answered 201 has its final record, or the deadline. */
    private void watch(KafkaConsumer<byte[], byte[]> consumer) {
        AvroSerde<TransactionRecord> serde = AvroSerde.of(TransactionRecord.class);
        while (System.nanoTime() < watcherDeadlineNs) {
            for (ConsumerRecord<byte[], byte[]> rec : consumer.poll(Duration.ofMillis(100))) {
                if (rec.value() == null) {
                    continue;
                }
                TransactionRecord tx;
                try {
                    tx = serde.decode(rec.value());
                } catch (RuntimeException e) {
                    decodeErrors.incrementAndGet();
                    continue;
                }
                String status = tx.getStatus();
                boolean isApplied = "APPLIED".equals(status);
                if (!isApplied && !"REJECTED".equals(status)) {
                    continue;
                }
                String ref = tx.getReference();
                Integer idx = indexByReference.get(ref.endsWith("_q") ? ref.substring(0, ref.length() - 2) : ref);
                if (idx == null) {
                    continue;
                }
                long now = System.nanoTime();
                if (doneNs.compareAndSet(idx, 0, now)) {
                    (isApplied ? applied : rejected).incrementAndGet();
                    if (!isApplied) {
                        String code = tx.getRejectionCode() == null ? "?" : tx.getRejectionCode();
                        rejectionCodes.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
                    }
                    finished.incrementAndGet();
                    lastDoneNs.accumulateAndGet(now, Math::max);
                    if (probe != null) {
                        lastFinalByPartition.put(rec.partition(), idx);
                        if (sampled(idx)) {
                            probe.watch(idx, ref);
                        }
                    }
                }
            }
            if (!firing && sentCount > 0 && finished.get() >= accepted()) {
                return;
            }
        }
        out("timeout: %d of %d accepted transfers have a final record after %d s", finished.get(), accepted(), opt.timeoutSeconds());
    }

    private int accepted() {
        int n = 0;
        for (int i = 0; i < sentCount; i++) {
            if (httpStatus[i] == 201) {
                n++;
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ report

    private int report() {
        int sent = sentCount;
        int ok = accepted();
        int errors = 0;
        long firstSend = Long.MAX_VALUE;
        long lastAnswer = 0;
        List<Long> httpLat = new ArrayList<>();
        List<Long> acceptToApplied = new ArrayList<>();
        List<Long> sendToApplied = new ArrayList<>();
        int appliedBeforeAnswer = 0;
        for (int i = 0; i < sent; i++) {
            firstSend = Math.min(firstSend, sentNs[i]);
            if (answeredNs[i] != 0) {
                lastAnswer = Math.max(lastAnswer, answeredNs[i]);
                httpLat.add(answeredNs[i] - sentNs[i]);
            }
            if (httpStatus[i] != 201) {
                errors++;
            }
            long done = doneNs.get(i);
            if (done != 0) {
                sendToApplied.add(done - sentNs[i]);
                if (answeredNs[i] != 0) {
                    if (done < answeredNs[i]) {
                        appliedBeforeAnswer++;
                    }
                    acceptToApplied.add(Math.max(0, done - answeredNs[i]));
                }
            }
        }
        int fin = finished.get();
        double acceptedPerS = sent == 0 || lastAnswer == 0 ? 0 : ok / secs(lastAnswer - firstSend);
        double appliedPerS = fin == 0 ? 0 : fin / secs(lastDoneNs.get() - firstSend);
        Percentiles h = Percentiles.of(toArray(httpLat));
        Percentiles a = Percentiles.of(toArray(acceptToApplied));
        Percentiles e2e = Percentiles.of(toArray(sendToApplied));

        // readable through the gateway: the sampled transfers, and the end of the run's readable window
        List<Long> lag = new ArrayList<>();
        List<Long> lagFirstThird = new ArrayList<>();
        List<Long> lagLastThird = new ArrayList<>();
        List<Long> sendToReadable = new ArrayList<>();
        long lastSend = 0;
        for (int i = 0; i < sent; i++) {
            lastSend = Math.max(lastSend, sentNs[i]);
        }
        for (int i = 0; probe != null && i < sent; i++) {
            long readable = probe.readableNs(i);
            long done = doneNs.get(i);
            if (!sampled(i) || readable == 0 || done == 0) {
                continue;
            }
            long l = Math.max(0, readable - done);
            lag.add(l);
            sendToReadable.add(readable - sentNs[i]);
            long third = (sentNs[i] - firstSend) * 3 / Math.max(1, lastSend - firstSend + 1);
            (third == 0 ? lagFirstThird : third >= 2 ? lagLastThird : new ArrayList<Long>()).add(l);
        }
        long readableEnd = lastFinals.stream().mapToLong(i -> probe.readableNs(i)).max().orElse(0);
        double readablePerS = !allReadable || fin == 0 ? 0 : fin / secs(readableEnd - firstSend);
        Percentiles lagP = Percentiles.of(toArray(lag));
        Percentiles lagFirst = Percentiles.of(toArray(lagFirstThird));
        Percentiles lagLast = Percentiles.of(toArray(lagLastThird));
        Percentiles e2eReadable = Percentiles.of(toArray(sendToReadable));

        out("");
        out("transfers sent            %d", sent);
        out("HTTP 201                  %d", ok);
        out("HTTP errors               %d %s", errors, httpErrors.isEmpty() ? "" : httpErrors.toString());
        out("final records seen        %d (APPLIED %d, REJECTED %d %s), missing %d",
                fin, applied.get(), rejected.get(), rejectionCodes.isEmpty() ? "" : rejectionCodes.toString(), ok - fin);
        if (decodeErrors.get() > 0) {
            out("undecodable records       %d", decodeErrors.get());
        }
        out("accepted/s (HTTP 201)     %.1f", acceptedPerS);
        out("applied/s                 %.1f   (first send to last final record)", appliedPerS);
        out("HTTP latency ms           p50 %s  p99 %s  max %s", ms(h, 50), ms(h, 99), ms(h, 100));
        out("accept->applied ms        p50 %s  p90 %s  p99 %s  max %s   (%d seen before their HTTP answer, counted as 0)",
                ms(a, 50), ms(a, 90), ms(a, 99), ms(a, 100), appliedBeforeAnswer);
        out("send->applied ms          p50 %s  p90 %s  p99 %s  max %s%s", ms(e2e, 50), ms(e2e, 90), ms(e2e, 99), ms(e2e, 100),
                opt.openLoop() ? "   (from each request's scheduled time)" : "");
        if (probe != null) {
            out("applied/s, readable       %s   (first send to the last transfer readable through the gateway)",
                    allReadable ? String.format(Locale.ROOT, "%.1f", readablePerS) : "n/a (not all readable in time)");
            out("projection lag ms         p50 %s  p99 %s  max %s   (%d sampled transfers: final record -> GET answers 200,"
                            + " asked every %d ms)", ms(lagP, 50), ms(lagP, 99), ms(lagP, 100), lagP.count(), PROBE_INTERVAL_MS);
            out("projection lag p99 ms     %s in the first third of the run, %s in the last", ms(lagFirst, 99), ms(lagLast, 99));
            out("send->readable ms         p50 %s  p99 %s  max %s", ms(e2eReadable, 50), ms(e2eReadable, 99), ms(e2eReadable, 100));
        }
        if (backpressureRetries.get() > 0) {
            out("backpressure              %d answers 503 QUEUE_BACKPRESSURE, each sent again after its Retry-After delay",
                    backpressureRetries.get());
        }
        if (opt.timeline()) {
            printTimeline(firstSend);
        }
        if (opt.openLoop()) {
            out("open loop                 %d requests/s scheduled, %d left more than 10 ms late", opt.ratePerSecond(),
                    lateRequests.get());
        }
        out("BENCH run=%s transfers=%d http_201=%d http_errors=%d accepted_per_s=%.1f applied_per_s=%.1f "
                        + "http_p50_ms=%s http_p99_ms=%s http_max_ms=%s applied_p50_ms=%s applied_p90_ms=%s applied_p99_ms=%s "
                        + "applied_max_ms=%s applied=%d rejected=%d missing=%d concurrency=%d balances=%d hot_percent=%d bulk_size=%d "
                        + "rate=%d send_applied_p50_ms=%s send_applied_p99_ms=%s late_requests=%d "
                        + "readable_per_s=%s lag_p50_ms=%s lag_p99_ms=%s lag_max_ms=%s lag_p99_first_ms=%s lag_p99_last_ms=%s "
                        + "send_readable_p50_ms=%s send_readable_p99_ms=%s readable_samples=%d backpressure_retries=%d "
                        + "warmup_transfers=%d",
                runId, sent, ok, errors, acceptedPerS, appliedPerS, ms(h, 50), ms(h, 99), ms(h, 100),
                ms(a, 50), ms(a, 90), ms(a, 99), ms(a, 100), applied.get(), rejected.get(), ok - fin,
                opt.concurrency(), opt.balances(), opt.hotPercent(), opt.bulkSize(), opt.ratePerSecond(),
                ms(e2e, 50), ms(e2e, 99), lateRequests.get(),
                allReadable ? String.format(Locale.ROOT, "%.1f", readablePerS) : "n/a",
                ms(lagP, 50), ms(lagP, 99), ms(lagP, 100), ms(lagFirst, 99), ms(lagLast, 99),
                ms(e2eReadable, 50), ms(e2eReadable, 99), lagP.count(), backpressureRetries.get(),
                opt.warmupRequests() * opt.bulkSize());
        boolean readableOk = probe == null || allReadable;
        return sent == opt.transfers() && errors == 0 && fin == ok && readableOk ? 0 : 1;
    }

    /** {@code --timeline}: one line per second of sending, so that a periodic stall shows as its own seconds. */
    private void printTimeline(long firstSend) {
        long[] finals = new long[sentCount];
        for (int i = 0; i < finals.length; i++) {
            finals[i] = doneNs.get(i);
        }
        Instant second0 = Instant.now().minusNanos(System.nanoTime() - firstSend);
        out("timeline                  second (0 = %s): sent, final, send->answer ms p50 / p99, send->final ms p50 / p99 / max",
                second0);
        for (LatencyTimeline.Second s : LatencyTimeline.of(Arrays.copyOf(sentNs, sentCount),
                Arrays.copyOf(answeredNs, sentCount), finals, firstSend)) {
            Percentiles h = s.sendToAnswer();
            Percentiles p = s.sendToFinal();
            out("  %4d s  %6d %6d   %8s %8s   %8s %8s %8s", s.second(), s.sent(), s.finals(), ms(h, 50), ms(h, 99),
                    ms(p, 50), ms(p, 99), ms(p, 100));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String transaction(String reference, String source, String destination, long amount,
                                      boolean allowOverdraft, String description) {
        return "{\"precise_amount\":" + amount + ",\"precision\":100,\"currency\":\"USD\",\"reference\":\"" + reference
                + "\",\"description\":\"" + description + "\",\"source\":\"" + source + "\",\"destination\":\""
                + destination + "\",\"allow_overdraft\":" + allowOverdraft + "}";
    }

    private CompletableFuture<LoadHttpClient.Answer> sendAsync(String path, String json) {
        return http.post(path, json);
    }

    private String post(String path, String json) throws Exception {
        return expect201("POST " + path, sendAsync(path, json).get(60, TimeUnit.SECONDS));
    }

    private static String expect201(String what, LoadHttpClient.Answer r) {
        if (r.status() != 201 && r.status() != 200) {
            throw new IllegalStateException(what + " answered " + r.status() + ": " + r.body());
        }
        return r.body();
    }

    private static String extract(Pattern p, String body, String field) {
        Matcher m = p.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no " + field + " in " + body);
        }
        return m.group(1);
    }

    private static Throwable rootCause(Throwable e) {
        while (e.getCause() != null && e.getCause() != e) {
            e = e.getCause();
        }
        return e;
    }

    private static long[] toArray(Collection<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static String ms(Percentiles p, double q) {
        return p.count() == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", p.percentileMillis(q));
    }

    private static double secs(long nanos) {
        return Math.max(nanos, 1) / 1e9;
    }

    private static void out(String fmt, Object... args) {
        System.out.println(String.format(Locale.ROOT, fmt, args));
    }
}
