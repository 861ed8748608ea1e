package dev.ledgerline.processor;

import dev.ledgerline.core.RejectionReason;
import dev.ledgerline.wire.v1.Reply;

/** Builds the answers a waiting gateway receives on {@code ledger.replies}. */
final class Replies {

    private Replies() {
    }

    static Reply ok(String requestId, String subjectId, dev.ledgerline.wire.v1.TransactionRecord transaction) {
        return Reply.newBuilder().setRequestId(requestId).setOk(true).setSubjectId(subjectId)
                .setDecidedAtMs(System.currentTimeMillis()).setTransaction(transaction).build();
    }

    static Reply ok(String requestId, String subjectId) {
        return Reply.newBuilder().setRequestId(requestId).setOk(true).setSubjectId(subjectId)
                .setDecidedAtMs(System.currentTimeMillis()).build();
    }

    static Reply rejected(String requestId, String subjectId, RejectionReason reason) {
        return rejected(requestId, subjectId, reason, "");
    }

    /** A refusal with a message of its own (Blnk's text naming the missing thing). */
    static Reply refused(String requestId, String subjectId, RejectionReason reason, String message) {
        return Reply.newBuilder().setRequestId(requestId).setOk(false).setCode(reason.name()).setMessage(message)
                .setSubjectId(subjectId).setDecidedAtMs(System.currentTimeMillis()).build();
    }

    /** A refusal whose message says where it happened, e.g. which leg of a split. */
    static Reply rejected(String requestId, String subjectId, RejectionReason reason, String messagePrefix) {
        return Reply.newBuilder().setRequestId(requestId).setOk(false).setCode(reason.name())
                .setMessage(messagePrefix + reason.message())
                .setSubjectId(subjectId).setDecidedAtMs(System.currentTimeMillis()).build();
    }

    /** The code of {@link #setAside}: not a rejection of the request but a failure to process it (a 500 at the gateway). */
    static final String SET_ASIDE = "COMMAND_SET_ASIDE";

    /**
     * The command could not be processed at {@code stage} and went to the dead-letter topic: nothing of that stage was
     * applied, what earlier stages did stays, and an operator decides (dead-letter tooling).
     */
    static Reply setAside(String requestId, String subjectId, String stage) {
        return Reply.newBuilder().setRequestId(requestId).setOk(false).setCode(SET_ASIDE)
                .setMessage("the ledger could not process this command at its " + stage + " stage and set it aside "
                        + "for an operator (ledger.dead-letters); nothing of that stage was applied")
                .setSubjectId(subjectId).setDecidedAtMs(System.currentTimeMillis()).build();
    }
}
