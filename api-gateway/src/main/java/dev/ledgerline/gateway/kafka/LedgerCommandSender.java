package dev.ledgerline.gateway.kafka;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.stereotype.Component;

import dev.ledgerline.wire.v1.LedgerCommand;
import dev.ledgerline.wire.v1.Reply;
import dev.ledgerline.wire.v1.TransactionCommand;
import reactor.core.publisher.Mono;

/**
 * Request/reply over Kafka wherever Blnk answers synchronously (ledger and balance creation,
 * {@code skip_queue} transactions, inflight commit/void, refunds): register the waiter, publish
 * the command, wait for the processor's {@link Reply} (at most {@code ledgerline.reply-timeout}).
 */
@Component
public class LedgerCommandSender {

    private final CommandPublisher publisher;
    private final ReplyListener replies;

    public LedgerCommandSender(CommandPublisher publisher, ReplyListener replies) {
        this.publisher = publisher;
        this.replies = replies;
    }

    public Mono<Reply> send(String ledgerId, LedgerCommand command) {
        return sendAndAwait(command.getRequestId(), () -> publisher.publishLedgerCommand(ledgerId, command));
    }

    /** A transaction command keyed by {@code rootTransactionId}, answered by a {@link Reply} to its request id. */
    public Mono<Reply> send(String rootTransactionId, TransactionCommand command) {
        return sendAndAwait(command.getRequestId(), () -> publisher.publishTransactionCommand(rootTransactionId, command));
    }

    /** As {@link #send(String, TransactionCommand)}, waiting at least {@code atLeast} for the reply (bulk batches). */
    public Mono<Reply> send(String rootTransactionId, TransactionCommand command, Duration atLeast) {
        return sendAndAwait(command.getRequestId(), () -> publisher.publishTransactionCommand(rootTransactionId, command),
                atLeast);
    }

    private Mono<Reply> sendAndAwait(String requestId, Supplier<Mono<RecordMetadata>> publish) {
        return sendAndAwait(requestId, publish, Duration.ZERO);
    }

    private Mono<Reply> sendAndAwait(String requestId, Supplier<Mono<RecordMetadata>> publish, Duration atLeast) {
        return Mono.defer(() -> {
            // Registered before publishing: the reply can never arrive before its waiter exists.
            CompletableFuture<Reply> expected = replies.expect(requestId);
            return publish.get().then(replies.awaitReply(requestId, expected, atLeast));
        }).doFinally(signal -> replies.forget(requestId));
    }
}
