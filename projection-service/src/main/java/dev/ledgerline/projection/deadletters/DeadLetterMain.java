package dev.ledgerline.projection.deadletters;

import java.io.PrintStream;

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
    private static final DeadLetterCommandLine.Words WORDS = new DeadLetterCommandLine.Words(USAGE, "replay",
            "dead letter", "dead letter(s) replayed");

    private DeadLetterMain() {
    }

    public static void main(String[] args) {
        CommandLogging.quiet();
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return DeadLetterCommandLine.run(args, out, err, WORDS, bootstrap -> letters(new DeadLetterTool(bootstrap)));
    }

    private static DeadLetterCommandLine.Letters<DeadLetterTool.DeadLetter> letters(DeadLetterTool tool) {
        return new DeadLetterCommandLine.Letters<>(tool::list, DeadLetterTool.DeadLetter::address,
                DeadLetterTool.DeadLetter::line, tool::replay);
    }
}
