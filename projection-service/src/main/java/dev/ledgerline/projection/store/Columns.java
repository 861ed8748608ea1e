package dev.ledgerline.projection.store;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;

import io.r2dbc.spi.Readable;

/** Typed column reads shared by the query classes. */
final class Columns {

    private Columns() {
    }

    static String text(Readable row, String column) {
        return row.get(column, String.class);
    }

    /** NUMERIC money columns hold integers only (minor units); a fraction would be a projection bug. */
    static BigInteger money(Readable row, String column) {
        return row.get(column, BigDecimal.class).toBigIntegerExact();
    }

    static long int64(Readable row, String column) {
        return row.get(column, Long.class);
    }

    static boolean bool(Readable row, String column) {
        return Boolean.TRUE.equals(row.get(column, Boolean.class));
    }

    static Instant time(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
