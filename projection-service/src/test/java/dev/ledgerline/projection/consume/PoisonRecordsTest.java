package dev.ledgerline.projection.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import dev.ledgerline.schemas.DeadLetterReason;
import dev.ledgerline.schemas.UndecodableRecordException;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;

/** Only a failure known to be the record's own fault may cost it its place in the read model. */
class PoisonRecordsTest {

    @Test
    void aRecordsOwnFaultsAreSetAsideWithTheirReason() {
        assertThat(PoisonRecords.reasonToSetAside(new RuntimeException(new UndecodableRecordException("bad header", null))))
                .contains(DeadLetterReason.UNDECODABLE);
        assertThat(PoisonRecords.reasonToSetAside(new R2dbcBadGrammarException("invalid byte sequence", "22021")))
                .contains(DeadLetterReason.REFUSED_BY_STORE);
        assertThat(PoisonRecords.reasonToSetAside(new R2dbcBadGrammarException("timestamp out of range", "22008")))
                .contains(DeadLetterReason.REFUSED_BY_STORE);
        assertThat(PoisonRecords.reasonToSetAside(new R2dbcNonTransientResourceException("index row size exceeds", "54000")))
                .contains(DeadLetterReason.REFUSED_BY_STORE);
        assertThat(PoisonRecords.reasonToSetAside(new NumberFormatException("For input string: \"x\"")))
                .contains(DeadLetterReason.PROCESSING_FAILED);
    }

    @Test
    void failuresOfTheSurroundingsAreRetriedNeverSkipped() {
        assertThat(PoisonRecords.reasonToSetAside(new R2dbcNonTransientResourceException("connection refused", "08006"))).isEmpty();
        assertThat(PoisonRecords.reasonToSetAside(new R2dbcTransientResourceException("too many connections", "53300"))).isEmpty();
        assertThat(PoisonRecords.reasonToSetAside(new R2dbcDataIntegrityViolationException("duplicate key", "23505"))).isEmpty();
        assertThat(PoisonRecords.reasonToSetAside(new IllegalStateException("Timeout on blocking read",
                new TimeoutException()))).isEmpty();
    }

    @Test
    void theDescriptionNamesTypesAndSqlStateButNoMessage() {
        String described = PoisonRecords.describe(new RuntimeException("secret value 4111",
                new R2dbcDataIntegrityViolationException("Key (reference)=(alice-ssn) already exists", "23505")));
        assertThat(described).contains("R2dbcDataIntegrityViolationException (SQLState 23505)")
                .doesNotContain("alice-ssn").doesNotContain("4111");
    }
}
