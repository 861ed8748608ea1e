package dev.ledgerline.projection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** For the command-line tools (replay, verify): their output is their report, not the Kafka clients' INFO logs. */
public final class CommandLogging {

    private CommandLogging() {
    }

    public static void quiet() {
        Logger root = LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        if (root instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(ch.qos.logback.classic.Level.WARN);
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.kafka"))
                    .setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }
}
