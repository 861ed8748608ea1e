package dev.ledgerline.gateway.kafka;

import java.util.concurrent.CompletableFuture;

import org.springframework.stereotype.Component;

import dev.ledgerline.wire.v1.LedgerCommand;
import dev.ledgerline.wire.v1.Reply;
import reactor.core.publisher.Mono;

/**
 * Request/reply over Kafka for ledger and balance creation, where Blnk answers synchronously:
 * register the waiter, publish the command, wait for the processor's {@link Reply}.
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
        String requestId = command.getRequestId();
        return Mono.defer(() -> {
            // Registered before publishing: the reply can never arrive before its waiter exists.
            CompletableFuture<Reply> expected = replies.expect(requestId);
            return publisher.publishLedgerCommand(ledgerId, command)
                    .then(replies.awaitReply(requestId, expected));
        }).doFinally(signal -> replies.forget(requestId));
    }
}
