package dev.ledgerline.projection.webhooks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.ledgerline.projection.CommandLogging;

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

    private WebhookDeadLetterMain() {
    }

    public static void main(String[] args) {
        CommandLogging.quiet();
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092");
        if (args.length == 0 || !(args[0].equals("list") || args[0].equals("redeliver"))) {
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
            WebhookDeadLetterTool tool = new WebhookDeadLetterTool(bootstrap);
            List<WebhookDeadLetterTool.DeadLetter> letters = tool.list(Duration.ofSeconds(60));
            if (args[0].equals("list")) {
                letters.forEach(letter -> out.println(letter.line()));
                out.println(letters.size() + " dead webhook(s)");
                return 0;
            }
            if (!all && addresses.isEmpty()) {
                err.println("redeliver needs PARTITION:OFFSET arguments or --all");
                return 2;
            }
            List<WebhookDeadLetterTool.DeadLetter> chosen = new ArrayList<>();
            for (WebhookDeadLetterTool.DeadLetter letter : letters) {
                if (all || addresses.contains(letter.address())) {
                    chosen.add(letter);
                }
            }
            List<String> found = chosen.stream().map(WebhookDeadLetterTool.DeadLetter::address).toList();
            List<String> unknown = addresses.stream().filter(a -> !found.contains(a)).toList();
            if (!unknown.isEmpty()) {
                err.println("no such dead webhook: " + String.join(", ", unknown));
                return 2;
            }
            tool.redeliver(chosen, out);
            out.println(chosen.size() + " webhook(s) queued for redelivery");
            return 0;
        } catch (RuntimeException e) {
            err.println("failed: " + e.getMessage());
            return 2;
        }
    }
}
