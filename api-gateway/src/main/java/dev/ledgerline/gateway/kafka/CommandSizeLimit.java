package dev.ledgerline.gateway.kafka;

import dev.ledgerline.gateway.error.ApiException;
import dev.ledgerline.gateway.error.ErrorMapper;
import dev.ledgerline.schemas.TopicSetup;
import dev.ledgerline.schemas.Topics;

/**
 * The largest command the gateway publishes to each topic, checked on the encoded record before it is sent: a
 * {@code 201} must never be followed by a write the broker (or a state changelog downstream) refuses. The field
 * limits keep ordinary commands far below these; this is the last guard.
 */
final class CommandSizeLimit {

    /** Kafka's default record limit (1 MB), less room for headers and batch overhead. */
    static final int DEFAULT_MAX_BYTES = 1_000_000;
    /** A split or bulk batch is one record on the transaction-command topic, which accepts 16 MB. */
    static final int TRANSACTION_COMMAND_MAX_BYTES = TopicSetup.MAX_COMMAND_BYTES - 64 * 1024;

    private CommandSizeLimit() {
    }

    static int maxBytes(String topic) {
        return Topics.TRANSACTION_COMMANDS.equals(topic) ? TRANSACTION_COMMAND_MAX_BYTES : DEFAULT_MAX_BYTES;
    }

    /** Null when {@code encodedBytes} fit {@code topic}, else the client's 413. */
    static ApiException refusal(String topic, int encodedBytes) {
        int max = maxBytes(topic);
        if (encodedBytes <= max) {
            return null;
        }
        return ErrorMapper.refusal(413, ErrorMapper.GEN_MALFORMED_REQUEST, "request too large: its command would be "
                + encodedBytes + " bytes, more than the " + max + " the ledger accepts in one record");
    }
}
