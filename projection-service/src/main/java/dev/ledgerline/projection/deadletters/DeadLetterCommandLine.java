package dev.ledgerline.projection.deadletters;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The command line both dead-letter tools share ({@code dev/dead-letters.sh}, {@code dev/webhook-dead-letters.sh}):
 * {@code list}, or an action on dead letters named by {@code PARTITION:OFFSET} (or {@code --all}), with
 * {@code --bootstrap-servers}. Exit code 0 on success, 2 on a usage error or failure.
 */
public final class DeadLetterCommandLine {

    private static final Duration LIST_TIMEOUT = Duration.ofSeconds(60);

    /** One tool's dead letters: how to read them, name them ({@code PARTITION:OFFSET}), show them and act on some. */
    public record Letters<L>(Function<Duration, List<L>> list, Function<L, String> address, Function<L, String> line,
                             BiConsumer<List<L>, PrintStream> act) {
    }

    /**
     * What a tool prints: its usage, the name of its action ({@code replay}, {@code redeliver}), what it calls one
     * dead letter in counts and errors ({@code dead letter}, {@code dead webhook}) and what the action did.
     */
    public record Words(String usage, String action, String noun, String acted) {
    }

    private DeadLetterCommandLine() {
    }

    public static <L> int run(String[] args, PrintStream out, PrintStream err, Words words,
                              Function<String, Letters<L>> open) {
        String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092");
        if (args.length == 0 || !(args[0].equals("list") || args[0].equals(words.action()))) {
            err.print(words.usage());
            return 2;
        }
        List<String> addresses = new ArrayList<>();
        boolean all = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap-servers" -> {
                    if (i + 1 >= args.length) {
                        err.print(words.usage());
                        return 2;
                    }
                    bootstrap = args[++i];
                }
                case "--all" -> all = true;
                default -> {
                    if (!args[i].matches("\\d+:\\d+")) {
                        err.println("not a PARTITION:OFFSET: " + args[i]);
                        err.print(words.usage());
                        return 2;
                    }
                    addresses.add(args[i]);
                }
            }
        }
        try {
            return act(args[0].equals("list"), addresses, all, open.apply(bootstrap), words, out, err);
        } catch (RuntimeException e) {
            err.println(words.action() + " failed: " + e);
            return 2;
        }
    }

    private static <L> int act(boolean listOnly, List<String> addresses, boolean all, Letters<L> letters, Words words,
                               PrintStream out, PrintStream err) {
        List<L> found = letters.list().apply(LIST_TIMEOUT);
        if (listOnly) {
            found.forEach(letter -> out.println(letters.line().apply(letter)));
            out.println(found.size() + " " + words.noun() + "(s)");
            return 0;
        }
        if (!all && addresses.isEmpty()) {
            err.println(words.action() + " needs PARTITION:OFFSET arguments or --all");
            return 2;
        }
        List<L> chosen = found.stream()
                .filter(letter -> all || addresses.contains(letters.address().apply(letter))).toList();
        List<String> missing = new ArrayList<>(addresses);
        chosen.forEach(letter -> missing.remove(letters.address().apply(letter)));
        if (!missing.isEmpty()) {
            err.println("no such " + words.noun() + ": " + String.join(", ", missing));
            return 2;
        }
        letters.act().accept(chosen, out);
        out.println(chosen.size() + " " + words.acted());
        return 0;
    }
}
