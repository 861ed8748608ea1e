package dev.ledgerline.gateway.kafka;

/** The processor did not answer a command in time. The command is in Kafka and may still apply. */
public class ReplyTimeoutException extends RuntimeException {

    public ReplyTimeoutException(String requestId) {
        super("no reply for request " + requestId);
    }
}
