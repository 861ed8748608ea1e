package dev.ledgerline.projection.webhooks;

import java.io.PrintStream;

import dev.ledgerline.projection.CommandLogging;
import dev.ledgerline.projection.deadletters.DeadLetterCommandLine;

/**
 * {@code dev/webhook-dead-letters.sh}: lists the webhooks and hook calls that exhausted their retries and asks the
 * running projection-service to send chosen ones again, each to the endpoint it failed for. Exit code 0 on success,
 * 2 on a usage error or failure.
 */
public final class WebhookDeadLetterMain {

    static final String USAGE = """
            usage: dev/webhook-dead-letters.sh list [--bootstrap-servers HOST:PORT]
                   dev/webhook-dead-letters.sh redeliver (PARTITION:OFFSET ... | --all) [--bootstrap-servers HOST:PORT]
              list       one line per dead webhook or hook call: PARTITION:OFFSET, when, event, event id, attempts,
                         last result, and the subscription or hook it failed for (none: the global URL)
              redeliver  queue the named dead letters (or all) for delivery again, each to exactly the endpoint it
                         failed for (the global URL, its subscription or its hook): same body, event id and
                         traceparent, signed afresh, with the usual retries (set aside again if they are exhausted);
                         a deleted subscription's or hook's dead letters are never delivered
              --bootstrap-servers  default $KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:19092
            """;
    private static final DeadLetterCommandLine.Words WORDS = new DeadLetterCommandLine.Words(USAGE, "redeliver",
            "dead webhook", "webhook(s) queued for redelivery");

    private WebhookDeadLetterMain() {
    }

    public static void main(String[] args) {
        CommandLogging.quiet();
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return DeadLetterCommandLine.run(args, out, err, WORDS,
                bootstrap -> letters(new WebhookDeadLetterTool(bootstrap)));
    }

    private static DeadLetterCommandLine.Letters<WebhookDeadLetterTool.DeadLetter> letters(WebhookDeadLetterTool tool) {
        return new DeadLetterCommandLine.Letters<>(tool::list, WebhookDeadLetterTool.DeadLetter::address,
                WebhookDeadLetterTool.DeadLetter::line, tool::redeliver);
    }
}
