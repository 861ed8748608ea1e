package dev.ledgerline.processor;

import dev.ledgerline.core.RejectionReason;
import dev.ledgerline.wire.v1.Reply;

/** Builds the answers a waiting gateway receives on {@code ledger.replies}. */
final class Replies {

    private Replies() {
    }

    static Reply ok(String requestId, String subjectId) {
        return new Reply(requestId, true, null, null, subjectId, System.currentTimeMillis());
    }

    static Reply rejected(String requestId, String subjectId, RejectionReason reason) {
        return new Reply(requestId, false, reason.name(), reason.message(), subjectId, System.currentTimeMillis());
    }
}
