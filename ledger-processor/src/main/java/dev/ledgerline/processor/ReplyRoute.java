package dev.ledgerline.processor;

import java.util.Optional;
import java.util.function.Supplier;

import org.apache.kafka.common.header.Headers;

import dev.ledgerline.wire.v1.GroupActionResult;
import dev.ledgerline.wire.v1.Reply;
import dev.ledgerline.wire.v1.TransactionCommand;

/**
 * Where the answer to a command goes. A command's request id names the gateway request waiting for it, and the answer
 * goes to {@code ledger.replies}. A commit, void or refund that a group sent to one of its legs carries a <i>routed</i>
 * request id instead ({@code group-action|<leg index>|<group id>|<request id>}): the leg's answer, wherever it is made
 * (the leg's coordinator, or the last balance stage with {@code skip_queue}), goes back to the group's coordinator as a
 * {@link GroupActionResult}, which answers the gateway once every leg has answered. Every stage answers through
 * {@link #send}, so a stage never needs to know whether a group is waiting.
 */
final class ReplyRoute {

    private static final String GROUP_ACTION = "group-action";
    private static final String SEPARATOR = "|";

    /** A request id routed through a group: which group, which leg, and the gateway request the group answers. */
    record ViaGroup(String groupId, int legIndex, String requestId) {

        String routedRequestId() {
            return String.join(SEPARATOR, GROUP_ACTION, Integer.toString(legIndex), groupId, requestId);
        }
    }

    private ReplyRoute() {
    }

    /** The group, when {@code requestId} was routed by one; group ids never contain the separator. */
    static Optional<ViaGroup> viaGroup(String requestId) {
        if (requestId == null || !requestId.startsWith(GROUP_ACTION + SEPARATOR)) {
            return Optional.empty();
        }
        String[] parts = requestId.split("\\|", 4);
        if (parts.length != 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ViaGroup(parts[2], Integer.parseInt(parts[1]), parts[3]));
        } catch (NumberFormatException notRouted) {
            return Optional.empty();
        }
    }

    /** Answers whoever waits for {@code requestId}; commands nobody waits for carry no request id. */
    static void send(Emitter emitter, String requestId, Supplier<Reply> reply, Headers headers) {
        if (requestId == null) {
            return;
        }
        Optional<ViaGroup> group = viaGroup(requestId);
        if (group.isEmpty()) {
            emitter.emit(LedgerTopology.REPLIES_SINK, requestId, reply.get(), headers);
            return;
        }
        Reply answer = reply.get();
        ViaGroup via = group.get();
        emitter.emit(LedgerTopology.TRANSACTION_COMMANDS_SINK, via.groupId(), new TransactionCommand(requestId,
                answer.getDecidedAtMs(), new GroupActionResult(via.groupId(), via.requestId(), via.legIndex(), answer)),
                headers);
    }
}
