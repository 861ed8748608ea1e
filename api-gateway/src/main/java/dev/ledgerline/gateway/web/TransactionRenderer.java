package dev.ledgerline.gateway.web;

import java.math.BigInteger;

import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.core.Amounts;
import dev.ledgerline.gateway.json.BlnkTime;
import dev.ledgerline.gateway.json.Json;
import dev.ledgerline.wire.v1.TransactionRecord;

/**
 * The one mapping from a {@link TransactionRecord} (what the processor writes and replies with) to
 * Blnk's transaction object ({@code model.Transaction} JSON). Used for the QUEUED/SCHEDULED 201 of
 * {@code POST /transactions} as well as for every record a synchronous answer carries
 * ({@code skip_queue}, inflight commit/void, refunds), so all of them have one field layout.
 *
 * <p>{@code overdraft_limit} is stored in minor units and shown in major units; unset deadlines are
 * Go's zero time; {@code effective_date} is omitted when unset; {@code meta_data} gets the keys Blnk
 * shows on its rows (as projection-service does): {@code blnk_rejection_reason} on REJECTED records,
 * and {@code QUEUED_PARENT_TRANSACTION}: the parent, or the record's own id on a QUEUED/SCHEDULED record.
 */
public final class TransactionRenderer {

    public static final String QUEUED = "QUEUED";
    public static final String SCHEDULED = "SCHEDULED";
    public static final String REJECTED = "REJECTED";

    private TransactionRenderer() {
    }

    public static ObjectNode render(TransactionRecord record) {
        BigInteger precise = new BigInteger(record.getPreciseAmount());
        long precision = record.getPrecision();
        String transactionId = record.getTransactionId();
        String parent = record.getParentTransaction() == null ? "" : record.getParentTransaction();
        String status = record.getStatus();

        ObjectNode txn = Json.object();
        txn.put("transaction_id", transactionId);
        txn.put("parent_transaction", parent);
        txn.put("precise_amount", precise);
        txn.put("amount", Amounts.toMajor(precise, precision));
        txn.put("amount_string", Amounts.amountString(precise, precision));
        txn.put("precision", precision);
        txn.put("overdraft_limit", Amounts.toMajor(new BigInteger(record.getOverdraftLimit()), precision));
        txn.put("source", record.getSource());
        txn.put("destination", record.getDestination());
        txn.put("reference", record.getReference());
        txn.put("currency", record.getCurrency());
        txn.put("description", record.getDescription());
        txn.put("status", status);
        txn.put("hash", record.getHash());
        txn.put("allow_overdraft", record.getAllowOverdraft());
        txn.put("inflight", record.getInflight());
        txn.put("skip_queue", record.getSkipQueue());
        txn.put("atomic", false);
        txn.put("created_at", BlnkTime.formatMillis(record.getCreatedAtMs()));
        if (record.getEffectiveDateMs() != null) {
            txn.put("effective_date", BlnkTime.formatMillis(record.getEffectiveDateMs()));
        }
        txn.put("scheduled_for", timeOrZero(record.getScheduledForMs()));
        txn.put("inflight_expiry_date", timeOrZero(record.getInflightExpiryMs()));
        txn.put("inflight_commit_date", timeOrZero(record.getInflightCommitMs()));

        ObjectNode meta = Json.objectOrEmpty(record.getMetaDataJson());
        if (REJECTED.equals(status) && record.getRejectionMessage() != null) {
            meta.put("blnk_rejection_reason", record.getRejectionMessage());
        }
        if (!parent.isEmpty()) {
            meta.put("QUEUED_PARENT_TRANSACTION", parent);
        } else if (QUEUED.equals(status) || SCHEDULED.equals(status)) {
            meta.put("QUEUED_PARENT_TRANSACTION", transactionId);
        }
        txn.set("meta_data", meta);
        return txn;
    }

    private static String timeOrZero(Long epochMillis) {
        return epochMillis == null ? BlnkTime.ZERO : BlnkTime.formatMillis(epochMillis);
    }
}
