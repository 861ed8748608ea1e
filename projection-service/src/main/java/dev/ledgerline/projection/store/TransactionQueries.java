package dev.ledgerline.projection.store;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads of {@code transactions} through the view {@code transaction_reads}, whose {@code meta_data} carries the metadata patches that reach each record. That {@code meta_data} is returned with the keys Blnk shows
 * on its rows: {@code blnk_rejection_reason} on REJECTED records, and {@code QUEUED_PARENT_TRANSACTION}:
 * the parent on records with one, the record's own id on a QUEUED record (as Blnk stores it). PostgreSQL merges them ({@code jsonb ||}), so numbers inside meta_data
 * keep their exact value instead of passing through a Java double.
 */
@Component
public class TransactionQueries {

    /** The columns of a {@link TransactionRow}, as Blnk shows them ({@link LineageQueries} reads rows too). */
    static final String COLUMNS = """
            transaction_id, parent_transaction, reference, source, destination, precise_amount, precision,
            currency, description, status, allow_overdraft, inflight, overdraft_limit, created_at,
            effective_date, hash, source_balance_id, destination_balance_id, skip_queue, scheduled_for,
            inflight_expiry_date, inflight_commit_date,
            (meta_data
              || CASE WHEN status = 'REJECTED' AND rejection_message IS NOT NULL
                      THEN jsonb_build_object('blnk_rejection_reason', rejection_message) ELSE '{}'::jsonb END
              || CASE WHEN parent_transaction <> ''
                      THEN jsonb_build_object('QUEUED_PARENT_TRANSACTION', parent_transaction)
                      WHEN status = 'QUEUED'
                      THEN jsonb_build_object('QUEUED_PARENT_TRANSACTION', transaction_id) ELSE '{}'::jsonb END
            )::text AS meta_data""";

    private final FilteredTable<TransactionRow> transactions;

    public TransactionQueries(DatabaseClient db) {
        this.transactions = new FilteredTable<>(db, FilterSchema.TRANSACTIONS, COLUMNS, "transaction_reads",
                TransactionQueries::toRow);
    }

    public Mono<TransactionRow> byId(String transactionId) {
        return transactions.one("transaction_id", transactionId);
    }

    public Mono<TransactionRow> byReference(String reference) {
        return transactions.one("reference", reference);
    }

    /**
     * One page of the filtered, sorted list (default newest first). Throws {@link InvalidFilterException}
     * before touching the database when the query is not acceptable.
     */
    public Flux<TransactionRow> list(ListQuery query) {
        return transactions.page(query);
    }

    /** How many rows match the query's filters (paging and sorting ignored). */
    public Mono<Long> count(ListQuery query) {
        return transactions.count(query);
    }

    static TransactionRow toRow(Readable row) {
        return new TransactionRow(
                Columns.text(row, "transaction_id"), Columns.text(row, "parent_transaction"),
                Columns.text(row, "reference"), Columns.text(row, "source"), Columns.text(row, "destination"),
                Columns.money(row, "precise_amount"), Columns.int64(row, "precision"), Columns.text(row, "currency"),
                Columns.text(row, "description"), Columns.text(row, "status"),
                Columns.bool(row, "allow_overdraft"), Columns.bool(row, "inflight"),
                Columns.money(row, "overdraft_limit"), Columns.text(row, "meta_data"),
                Columns.time(row, "created_at"), Columns.time(row, "effective_date"), Columns.text(row, "hash"),
                Columns.text(row, "source_balance_id"), Columns.text(row, "destination_balance_id"),
                Columns.bool(row, "skip_queue"), Columns.time(row, "scheduled_for"),
                Columns.time(row, "inflight_expiry_date"), Columns.time(row, "inflight_commit_date"));
    }
}
