package dev.ledgerline.gateway.kafka;

/**
 * Kafka did not confirm a command within the producer's delivery timeout. The command may or may
 * not be in the log; a transaction can be retried safely with the same reference.
 */
public class CommandNotAcknowledgedException extends RuntimeException {

    public CommandNotAcknowledgedException(String topic, Throwable cause) {
        super("Kafka did not acknowledge the command on " + topic + ": " + cause.getMessage(), cause);
    }
}
