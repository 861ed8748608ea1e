package dev.ledgerline.gateway.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ledgerline.gateway.error.ErrorMapper;
import dev.ledgerline.wire.v1.Reply;
import dev.ledgerline.wire.v1.TransactionRecord;

/** Reading the processor's {@link Reply} to a transaction command that answers with a record. */
final class Replies {

    private static final Logger log = LoggerFactory.getLogger(Replies.class);

    private Replies() {
    }

    /**
     * The record an accepted reply carries. A refusal becomes its error (by code, in {@link ErrorMapper});
     * an accepted reply without a record breaks the contract: 500, logged.
     */
    static TransactionRecord recordOf(Reply reply) {
        if (!reply.getOk()) {
            throw ErrorMapper.fromReply(reply);
        }
        if (reply.getTransaction() == null) {
            log.error("Reply {} about {} is ok but carries no transaction record", reply.getRequestId(), reply.getSubjectId());
            throw ErrorMapper.internal();
        }
        return reply.getTransaction();
    }
}
