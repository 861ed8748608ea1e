package dev.ledgerline.bench;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Judges one side-by-side run ({@code dev/bench-compare.sh}) against the floors the write path is held to, so the
 * command says itself which are met instead of leaving it to whoever reads its tables. A floor whose workload the run
 * did not include is reported as not measured, never as met.
 *
 * <p>The figures come in as {@code name=value} pairs, named by workload:
 * {@code uniform.readable} / {@code uniform.pg} (single POSTs, uniform sources; the PostgreSQL row-lock ledger's
 * durable client-statement figure of the same run), {@code hot80.readable} / {@code hot80.pg},
 * {@code bulk.<items>.readable}, {@code open.<rate>.send_readable_p99_ms}, and for a sustained run offered at
 * {@code <rate>} transfers/s {@code sustained.<rate>.seconds}, {@code .lag_p99_ms}, {@code .lag_p99_first_ms} and
 * {@code .lag_p99_last_ms}; {@code ledger.entries}, the entries the ledger held when the run began; and, to judge
 * growth, the same figures of a run on an empty ledger prefixed {@code empty.}. Pure: nothing here reads a clock or
 * the machine.
 */
public final class FloorVerdicts {

    /** Single POSTs, uniform: at least the PostgreSQL ledger's durable figure. */
    static final double UNIFORM_RATIO = 1.0;
    /** Single POSTs, 80 % from one balance: at least three times the PostgreSQL ledger's hot figure... */
    static final double HOT_RATIO = 3.0;
    /** ...and at least 90 % of Ledgerline's own uniform figure. */
    static final double HOT_SHARE_OF_UNIFORM = 0.90;
    /** Bulk requests: at least this many transfers readable per second... */
    static final double BULK_READABLE_PER_S = 10_000;
    /** ...and at least three times the PostgreSQL ledger's uniform figure. */
    static final double BULK_RATIO = 3.0;
    /** The open loop's rate the latency floor is set at, and its p99 from send to readable. */
    static final int OPEN_LOOP_RATE = 1_000;
    static final double OPEN_LOOP_P99_MS = 150;
    /** Sustained bulk load: at least this long, with the read model's lag p99 at most this... */
    static final double SUSTAINED_SECONDS = 60;
    static final double SUSTAINED_LAG_P99_MS = 1_000;
    /**
     * ...and a lag that does not grow: the last third of the run's lag p99 may exceed the first third's by at most
     * this share or {@link #LAG_GROWTH_SLACK_MS}, whichever is larger (a few tens of milliseconds between two thirds
     * of a minute is this machine's noise, not a backlog).
     */
    static final double LAG_GROWTH_SHARE = 0.20;
    static final double LAG_GROWTH_SLACK_MS = 100;
    /** A grown ledger holds at least this many entries, and its figures may be at most this much below an empty one's. */
    static final double GROWN_LEDGER_ENTRIES = 10_000_000;
    static final double GROWTH_SLOWDOWN = 0.15;
    /**
     * The run the grown ledger is compared with must have begun on a ledger at most this large (the benchmark's own
     * set-up and a few earlier runs), so that two grown ledgers are never compared as if one were empty.
     */
    static final double EMPTY_LEDGER_ENTRIES = 1_000_000;
    /** The prefix of the figures of the run on an empty ledger that a grown ledger's run is judged against. */
    static final String EMPTY = "empty.";

    /** Whether a floor held in this run. */
    public enum Status { MET, MISSED, NOT_MEASURED }

    /** One floor: what it asks, what the run measured, and the verdict. */
    public record Verdict(String floor, String measured, Status status) { }

    private final Map<String, Double> figures;

    private FloorVerdicts(Map<String, Double> figures) {
        this.figures = figures;
    }

    /**
     * @param pairs {@code name=value} tokens; a value must be a finite number
     * @throws IllegalArgumentException on a token that is not such a pair
     */
    public static FloorVerdicts of(List<String> pairs) {
        Map<String, Double> figures = new TreeMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("not name=value: " + pair);
            }
            double value;
            try {
                value = Double.parseDouble(pair.substring(eq + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number: " + pair, e);
            }
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("not a finite number: " + pair);
            }
            figures.put(pair.substring(0, eq), value);
        }
        return new FloorVerdicts(figures);
    }

    /** Every floor, in the order the write-path target lists them. */
    public List<Verdict> verdicts() {
        List<Verdict> all = new ArrayList<>();
        all.add(uniform());
        all.add(hotAgainstBaseline());
        all.add(hotAgainstOwnUniform());
        all.addAll(bulk());
        all.add(openLoop());
        all.addAll(sustained());
        all.addAll(growth());
        return all;
    }

    private Verdict uniform() {
        return againstBaseline("single POST, uniform: readable/s ≥ " + plain(UNIFORM_RATIO)
                + " × PostgreSQL (durable statements)", "uniform", UNIFORM_RATIO, "--hot with 0");
    }

    private Verdict hotAgainstBaseline() {
        return againstBaseline("single POST, 80 % hot: readable/s ≥ " + plain(HOT_RATIO) + " × PostgreSQL's hot figure",
                "hot80", HOT_RATIO, "--hot with 80");
    }

    /** A single-POST workload's readable/s against the baseline's durable client statements of the same workload. */
    private Verdict againstBaseline(String floor, String workload, double minRatio, String whatItNeeds) {
        Double readable = figures.get(workload + ".readable");
        Double pg = figures.get(workload + ".pg");
        if (readable == null || pg == null || pg <= 0) {
            return notMeasured(floor, whatItNeeds);
        }
        double ratio = readable / pg;
        return new Verdict(floor, String.format(Locale.ROOT, "%.2f× (%,.0f against %,.0f)", ratio, readable, pg),
                status(ratio >= minRatio));
    }

    private Verdict hotAgainstOwnUniform() {
        String floor = "single POST, 80 % hot: readable/s ≥ " + percent(HOT_SHARE_OF_UNIFORM)
                + " of Ledgerline's own uniform figure";
        Double hot = figures.get("hot80.readable");
        Double uniform = figures.get("uniform.readable");
        if (hot == null || uniform == null || uniform <= 0) {
            return notMeasured(floor, "--hot \"0 80\"");
        }
        double share = hot / uniform;
        return new Verdict(floor, String.format(Locale.ROOT, "%.0f %% (%,.0f against %,.0f)", 100 * share, hot, uniform),
                status(share >= HOT_SHARE_OF_UNIFORM));
    }

    private List<Verdict> bulk() {
        String floor = "bulk: readable/s ≥ " + plain(BULK_READABLE_PER_S) + " and ≥ " + plain(BULK_RATIO)
                + " × PostgreSQL's uniform figure";
        Map<Integer, Double> bySize = byWorkload("bulk.", ".readable");
        if (bySize.isEmpty()) {
            return List.of(notMeasured(floor, "--bulk \"100 1000\""));
        }
        Double pg = figures.get("uniform.pg");
        List<Verdict> verdicts = new ArrayList<>();
        bySize.forEach((items, readable) -> {
            String sized = floor + String.format(Locale.ROOT, " (requests of %,d)", items);
            if (pg == null || pg <= 0) {
                verdicts.add(notMeasured(sized, "--hot with 0, for the PostgreSQL figure"));
                return;
            }
            double ratio = readable / pg;
            verdicts.add(new Verdict(sized, String.format(Locale.ROOT, "%,.0f/s, %.2f× (PostgreSQL %,.0f)",
                    readable, ratio, pg), status(readable >= BULK_READABLE_PER_S && ratio >= BULK_RATIO)));
        });
        return verdicts;
    }

    private Verdict openLoop() {
        String floor = "open loop at " + plain(OPEN_LOOP_RATE) + " single POSTs/s: send→readable p99 ≤ "
                + plain(OPEN_LOOP_P99_MS) + " ms";
        Double p99 = figures.get("open." + OPEN_LOOP_RATE + ".send_readable_p99_ms");
        if (p99 == null) {
            return notMeasured(floor, "--open-loop with 1000");
        }
        return new Verdict(floor, String.format(Locale.ROOT, "p99 %,.0f ms", p99), status(p99 <= OPEN_LOOP_P99_MS));
    }

    private List<Verdict> sustained() {
        String floor = "sustained bulk load for " + plain(SUSTAINED_SECONDS) + " s: projection lag p99 ≤ "
                + plain(SUSTAINED_LAG_P99_MS / 1000) + " s and no growing backlog";
        Map<Integer, Double> byRate = byWorkload("sustained.", ".lag_p99_ms");
        if (byRate.isEmpty()) {
            return List.of(notMeasured(floor, "--sustained \"100:3000\""));
        }
        List<Verdict> verdicts = new ArrayList<>();
        byRate.forEach((rate, lagP99) -> {
            String prefix = "sustained." + rate + ".";
            double seconds = figures.getOrDefault(prefix + "seconds", 0.0);
            Double first = figures.get(prefix + "lag_p99_first_ms");
            Double last = figures.get(prefix + "lag_p99_last_ms");
            String rated = floor + String.format(Locale.ROOT, " (%,d transfers/s offered)", rate);
            if (first == null || last == null) {
                verdicts.add(notMeasured(rated, "the lag of the first and last third of the run"));
                return;
            }
            boolean growing = last > first + Math.max(first * LAG_GROWTH_SHARE, LAG_GROWTH_SLACK_MS);
            String measured = String.format(Locale.ROOT, "%.0f s, lag p99 %,.0f ms (first third %,.0f, last %,.0f: %s)",
                    seconds, lagP99, first, last, growing ? "growing" : "not growing");
            verdicts.add(new Verdict(rated, measured,
                    status(seconds >= SUSTAINED_SECONDS && lagP99 <= SUSTAINED_LAG_P99_MS && !growing)));
        });
        return verdicts;
    }

    private List<Verdict> growth() {
        String floor = "no slowdown as the ledger grows: within " + percent(GROWTH_SLOWDOWN) + " of an empty ledger's figure";
        Double entries = figures.get("ledger.entries");
        Double emptyUniform = figures.get(EMPTY + "uniform.readable");
        Map<Integer, Double> emptyBulk = byWorkload(EMPTY + "bulk.", ".readable");
        if (emptyUniform == null && emptyBulk.isEmpty()) {
            return List.of(notMeasured(floor, "--grown-against FILE, the figures a run on an empty ledger saved with "
                    + "--save-figures, on a ledger grown to " + plain(GROWN_LEDGER_ENTRIES)
                    + " entries with dev/grow-ledger.sh"));
        }
        if (entries == null || entries < GROWN_LEDGER_ENTRIES) {
            return List.of(new Verdict(floor, String.format(Locale.ROOT, "not measured: the ledger held %s entries when "
                    + "the run began, the floor is about a ledger of %s", count(entries), plain(GROWN_LEDGER_ENTRIES)),
                    Status.NOT_MEASURED));
        }
        Double emptyEntries = figures.get(EMPTY + "ledger.entries");
        if (emptyEntries == null || emptyEntries > EMPTY_LEDGER_ENTRIES) {
            return List.of(new Verdict(floor, String.format(Locale.ROOT, "not measured: the saved figures come from a "
                    + "ledger of %s entries, an empty one holds at most %s", count(emptyEntries),
                    plain(EMPTY_LEDGER_ENTRIES)), Status.NOT_MEASURED));
        }
        List<Verdict> verdicts = new ArrayList<>();
        if (emptyUniform != null) {
            verdicts.add(grown(floor + " (single POST, uniform)", figures.get("uniform.readable"), emptyUniform,
                    "--hot with 0"));
        }
        emptyBulk.forEach((items, empty) -> verdicts.add(grown(
                floor + String.format(Locale.ROOT, " (bulk, requests of %,d)", items),
                figures.get("bulk." + items + ".readable"), empty, "--bulk with " + items)));
        return verdicts;
    }

    private static Verdict grown(String floor, Double grown, double empty, String whatItNeeds) {
        if (grown == null || empty <= 0) {
            return notMeasured(floor, whatItNeeds + " in both runs");
        }
        double share = grown / empty;
        return new Verdict(floor, String.format(Locale.ROOT, "%+.0f %% (%,.0f against %,.0f readable/s)",
                100 * (share - 1), grown, empty), status(share >= 1 - GROWTH_SLOWDOWN));
    }

    /** The figures named {@code <prefix><number><suffix>}, by that number (an item count or a rate), ascending. */
    private Map<Integer, Double> byWorkload(String prefix, String suffix) {
        Map<Integer, Double> found = new TreeMap<>();
        figures.forEach((name, value) -> {
            if (name.startsWith(prefix) && name.endsWith(suffix) && name.length() > prefix.length() + suffix.length()) {
                String number = name.substring(prefix.length(), name.length() - suffix.length());
                if (number.chars().allMatch(Character::isDigit) && number.length() <= 9) {
                    found.put(Integer.parseInt(number), value);
                }
            }
        });
        return found;
    }

    private static Verdict notMeasured(String floor, String whatItNeeds) {
        return new Verdict(floor, "not measured in this run (needs " + whatItNeeds + ")", Status.NOT_MEASURED);
    }

    /** A threshold as the floor texts print it: grouped thousands, no trailing zeros (1, 3, 10,000, 1.5). */
    private static String plain(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%,.0f", value)
                : BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String count(Double entries) {
        return entries == null ? "an unknown number of" : String.format(Locale.ROOT, "%,.0f", entries);
    }

    private static String percent(double share) {
        return plain(100 * share) + " %";
    }

    private static Status status(boolean held) {
        return held ? Status.MET : Status.MISSED;
    }

    /** The verdicts as a Markdown table, and a line counting them. */
    public String table() {
        StringBuilder out = new StringBuilder("| floor | this run | verdict |\n|---|---|---|\n");
        int met = 0;
        int judged = 0;
        for (Verdict v : verdicts()) {
            out.append("| ").append(v.floor()).append(" | ").append(v.measured()).append(" | ")
                    .append(switch (v.status()) {
                        case MET -> "met";
                        case MISSED -> "**missed**";
                        case NOT_MEASURED -> "not measured";
                    }).append(" |\n");
            if (v.status() != Status.NOT_MEASURED) {
                judged++;
                met += v.status() == Status.MET ? 1 : 0;
            }
        }
        return out.append('\n').append(met).append(" of ").append(judged)
                .append(" floors measured in this run met.\n").toString();
    }

    /** {@code java dev.ledgerline.bench.FloorVerdicts name=value...}: prints {@link #table()}. */
    public static void main(String[] args) {
        System.out.print(of(List.of(args)).table());
    }
}
