package dev.ledgerline.projection.deadletters;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.ledgerline.projection.CommandLogging;

/**
 * {@code dev/dead-letters.sh}: lists the records the processor and the projection set aside, and sends chosen
 * ones back to the topic they came from once the cause is fixed. Exit code 0 on success, 2 on a usage error
 * or failure.
 */
public final class DeadLetterMain {

    static final String USAGE = """
            usage: dev/dead-letters.sh list [--bootstrap-servers HOST:PORT]
                   dev/dead-letters.sh replay (PARTITION:OFFSET ... | --all) [--bootstrap-servers HOST:PORT]
              list       one line per dead letter: PARTITION:OFFSET, when, reason, source topic-partition@offset,
                         which consumer set it aside, key, size and the failure
              replay     send the named dead letters (or all) back to their source topic, key, value and
                         headers unchanged; a record that fails again is set aside again
              --bootstrap-servers  default $KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:19092
            """;

    private DeadLetterMain() {
    }

    public static void main(String[] args) {
        CommandLogging.quiet();
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092");
        if (args.length == 0 || !(args[0].equals("list") || args[0].equals("replay"))) {
            err.print(USAGE);
            return 2;
        }
        List<String> addresses = new ArrayList<>();
        boolean all = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap-servers" -> {
                    if (i + 1 >= args.length) {
                        err.print(USAGE);
                        return 2;
                    }
                    bootstrap = args[++i];
                }
                case "--all" -> all = true;
                default -> {
                    if (!args[i].matches("\\d+:\\d+")) {
                        err.println("not a PARTITION:OFFSET: " + args[i]);
                        err.print(USAGE);
                        return 2;
                    }
                    addresses.add(args[i]);
                }
            }
        }
        try {
            DeadLetterTool tool = new DeadLetterTool(bootstrap);
            List<DeadLetterTool.DeadLetter> letters = tool.list(Duration.ofSeconds(60));
            if (args[0].equals("list")) {
                letters.forEach(letter -> out.println(letter.line()));
                out.println(letters.size() + " dead letter(s)");
                return 0;
            }
            if (!all && addresses.isEmpty()) {
                err.println("replay needs PARTITION:OFFSET arguments or --all");
                return 2;
            }
            List<DeadLetterTool.DeadLetter> chosen = new ArrayList<>();
            for (DeadLetterTool.DeadLetter letter : letters) {
                if (all || addresses.contains(letter.address())) {
                    chosen.add(letter);
                }
            }
            List<String> missing = new ArrayList<>(addresses);
            chosen.forEach(letter -> missing.remove(letter.address()));
            if (!missing.isEmpty()) {
                err.println("no such dead letter: " + String.join(", ", missing));
                return 2;
            }
            tool.replay(chosen, out);
            out.println(chosen.size() + " dead letter(s) replayed");
            return 0;
        } catch (RuntimeException e) {
            err.println("dead-letters failed: " + e);
            return 2;
        }
    }
}
