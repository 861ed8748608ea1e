package dev.ledgerline.processor;

import org.slf4j.MDC;

import dev.ledgerline.wire.v1.CreditLeg;
import dev.ledgerline.wire.v1.DebitLeg;
import dev.ledgerline.wire.v1.InflightLeg;
import dev.ledgerline.wire.v1.PrepareCredit;
import dev.ledgerline.wire.v1.StartAtSource;
import dev.ledgerline.wire.v1.TransactionSpec;

/**
 * Puts the transaction a balance command belongs to into the log context ({@code transaction_id}), so
 * a log line written while a balance worker handles a leg names the transaction, not only the balance.
 * {@link MeteredProcessor} removes it after the record.
 */
final class RecordLogContext {

    static final String TRANSACTION_ID = "transaction_id";

    private RecordLogContext() {
    }

    static void transactionOf(Object balanceCommandPayload) {
        TransactionSpec spec = null;
        if (balanceCommandPayload instanceof StartAtSource start) {
            spec = start.getTransaction();
        } else if (balanceCommandPayload instanceof PrepareCredit prepare) {
            spec = prepare.getTransaction();
        } else if (balanceCommandPayload instanceof DebitLeg debit) {
            spec = debit.getTransaction();
        } else if (balanceCommandPayload instanceof CreditLeg credit) {
            spec = credit.getTransaction();
        } else if (balanceCommandPayload instanceof InflightLeg leg) {
            spec = leg.getTransaction();
        }
        if (spec != null) {
            MDC.put(TRANSACTION_ID, spec.getTransactionId());
        }
    }
}
