package dev.ledgerline.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/** Command-line options of {@link TransferBenchmark}. */
public record BenchOptions(
        URI gateway,
        String bootstrap,
        int transfers,
        int concurrency,
        int balances,
        int timeoutSeconds,
        int hotPercent,
        String apiKey,
        boolean allowRemote,
        int bulkSize,
        int ratePerSecond,
        int readableSamples,
        boolean timeline,
        int warmupSeconds) {

    /** Most items in one {@code POST /transactions/bulk} (the gateway's limit). */
    static final int MAX_BULK_SIZE = 10_000;

    /** Open loop: requests leave at a fixed rate ({@link #ratePerSecond} > 0) instead of one per answer. */
    public boolean openLoop() {
        return ratePerSecond > 0;
    }

    /** When request {@code k} (0-based) is due in an open-loop run, in ns after the first. */
    public long dueOffsetNanos(int k) {
        return k * 1_000_000_000L / ratePerSecond;
    }

    /**
     * Open loop: requests sent at the rate before the measured ones, for {@link #warmupSeconds}, and left out of every
     * figure (the driver's own JVM and connections, and the run's new balances, are cold when it starts).
     */
    public int warmupRequests() {
        return openLoop() ? warmupSeconds * ratePerSecond : 0;
    }

    /** Requests the run sends: one per transfer, or one per {@link #bulkSize} transfers. */
    public int requests() {
        return (transfers + bulkSize - 1) / bulkSize;
    }

    public static final String USAGE = """
            usage: TransferBenchmark [--gateway http://127.0.0.1:5001] [--bootstrap 127.0.0.1:19092]
                                     [--transfers 10000] [--concurrency 64] [--balances 100] [--timeout-s 120]
                                     [--hot-percent 0 (share of transfers debiting balance 0)]
                                     [--bulk-size 1 (transfers per request; above 1: POST /transactions/bulk,
                                      non-atomic, and --concurrency counts requests)]
                                     [--rate 0 (requests per second, open loop: each request leaves at its
                                      scheduled time whatever the answers; --concurrency caps those in flight;
                                      0 = closed loop, a new request when an answer arrives)]
                                     [--readable-samples 100 (transfers whose readability through the gateway
                                      is probed, spread over the run; 0 = none)]
                                     [--warmup-s 0 (open loop: seconds of requests at the rate before the measured
                                      ones, left out of every figure)]
                                     [--timeline (send -> answer and send -> final percentiles per second of the run)]
                                     [--api-key KEY (default: $BLNK_SERVER_SECRET_KEY)] [--allow-remote]
            Targets only loopback addresses unless --allow-remote is given.""";

    public static BenchOptions parse(String... args) {
        URI gateway = URI.create("http://127.0.0.1:5001");
        String bootstrap = "127.0.0.1:19092";
        int transfers = 10_000;
        int concurrency = 64;
        int balances = 100;
        int timeout = 120;
        int hotPercent = 0;
        String apiKey = System.getenv("BLNK_SERVER_SECRET_KEY");
        boolean allowRemote = false;
        int bulkSize = 1;
        int rate = 0;
        int readableSamples = 100;
        boolean timeline = false;
        int warmupSeconds = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--allow-remote" -> allowRemote = true;
                case "--timeline" -> timeline = true;
                case "--help", "-h" -> throw new IllegalArgumentException(USAGE);
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("missing value for " + a + "\n" + USAGE);
                    }
                    String v = args[++i];
                    switch (a) {
                        case "--gateway" -> gateway = URI.create(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
                        case "--bootstrap" -> bootstrap = v;
                        case "--transfers" -> transfers = positive(a, v);
                        case "--concurrency" -> concurrency = positive(a, v);
                        case "--balances" -> balances = positive(a, v);
                        case "--timeout-s" -> timeout = positive(a, v);
                        case "--hot-percent" -> hotPercent = percent(a, v);
                        case "--api-key" -> apiKey = v;
                        case "--bulk-size" -> bulkSize = positive(a, v);
                        case "--rate" -> rate = positive(a, v);
                        case "--readable-samples" -> readableSamples = nonNegative(a, v);
                        case "--warmup-s" -> warmupSeconds = nonNegative(a, v);
                        default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
                    }
                }
            }
        }
        if (balances < 2) {
            throw new IllegalArgumentException("--balances must be at least 2 (transfers need distinct balances)");
        }
        if (bulkSize > MAX_BULK_SIZE) {
            throw new IllegalArgumentException("--bulk-size must be at most " + MAX_BULK_SIZE + " (the gateway's limit)");
        }
        if (warmupSeconds > 0 && rate == 0) {
            throw new IllegalArgumentException("--warmup-s needs --rate (an open loop); a closed loop warms up by runs");
        }
        if (!"http".equals(gateway.getScheme()) && !"https".equals(gateway.getScheme())) {
            throw new IllegalArgumentException("--gateway must be an http(s) URL: " + gateway);
        }
        BenchOptions o = new BenchOptions(gateway, bootstrap, transfers, concurrency, balances, timeout, hotPercent,
                apiKey == null || apiKey.isBlank() ? null : apiKey, allowRemote, bulkSize, rate, readableSamples,
                timeline, warmupSeconds);
        if (!allowRemote) {
            requireLoopback("--gateway", gateway.getHost());
            for (String server : bootstrap.split(",")) {
                String host = server.trim();
                int colon = host.lastIndexOf(':');
                requireLoopback("--bootstrap", colon > 0 ? host.substring(0, colon) : host);
            }
        }
        return o;
    }

    private static int positive(String name, String v) {
        try {
            int n = Integer.parseInt(v.replace("_", ""));
            if (n <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number: " + v);
        }
    }

    private static int nonNegative(String name, String v) {
        try {
            int n = Integer.parseInt(v.replace("_", ""));
            if (n < 0) {
                throw new IllegalArgumentException(name + " must not be negative: " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number: " + v);
        }
    }

    private static int percent(String name, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n < 0 || n > 100) {
                throw new IllegalArgumentException(name + " must be 0..100: " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole percentage: " + v);
        }
    }

    static void requireLoopback(String option, String host) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException(option + " has no host");
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean loopback;
        try {
            loopback = "localhost".equalsIgnoreCase(h) || InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            loopback = false;
        }
        if (!loopback) {
            throw new IllegalArgumentException(option + " host " + host
                    + " is not a loopback address; pass --allow-remote to target it deliberately");
        }
    }
}
