package dev.ledgerline.projection.store;

import java.time.Instant;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/** Reads of {@code seals}. */
@Component
public class SealQueries {

    /** One stored seal; {@code headsJson} is the JSON array of {balance_id, version, hash}. */
    public record SealRow(int partition, long seq, String headsJson, String prevSealHash, String sealHash,
                          Instant sealedAt) {
    }

    private final DatabaseClient db;

    public SealQueries(DatabaseClient db) {
        this.db = db;
    }

    /** Newest first; with a partition, only that partition's seals (highest seq first). */
    public Flux<SealRow> list(Integer partition, int limit, long offset) {
        String where = partition == null ? "" : " WHERE partition = :partition";
        DatabaseClient.GenericExecuteSpec spec = db.sql("SELECT partition, seq, heads::text AS heads, prev_seal_hash,"
                        + " seal_hash, sealed_at FROM seals" + where
                        + " ORDER BY sealed_at DESC, partition, seq DESC LIMIT :limit OFFSET :offset")
                .bind("limit", limit)
                .bind("offset", offset);
        if (partition != null) {
            spec = spec.bind("partition", partition);
        }
        return spec.map(row -> new SealRow(row.get("partition", Integer.class), Columns.int64(row, "seq"),
                Columns.text(row, "heads"), Columns.text(row, "prev_seal_hash"), Columns.text(row, "seal_hash"),
                Columns.time(row, "sealed_at"))).all();
    }
}
