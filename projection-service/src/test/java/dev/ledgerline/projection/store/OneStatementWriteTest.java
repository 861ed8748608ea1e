package dev.ledgerline.projection.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OneStatementWriteTest {

    @Test
    void givenTwoParts_whenJoined_thenTheSecondPartsParametersFollowTheFirsts() {
        // Given: two writes that each number their parameters from $1
        OneStatementWrite write = new OneStatementWrite()
                .add(new OneStatementWrite.Part("INSERT INTO a SELECT * FROM unnest($1::text[], $2::int8[])",
                        new Object[][] {{"x"}, {1L}}))
                .add(null)
                .add(new OneStatementWrite.Part("DELETE FROM b WHERE id = ANY($1::text[]) AND $1::text[] <> '{}'",
                        new Object[][] {{"y"}}));

        // When
        String sql = write.sql();

        // Then: one statement, the second part's $1 is the third parameter, every use of it renumbered
        assertThat(sql).isEqualTo("""
                WITH w0 AS (INSERT INTO a SELECT * FROM unnest($1::text[], $2::int8[])),
                w1 AS (DELETE FROM b WHERE id = ANY($3::text[]) AND $3::text[] <> '{}')
                SELECT 1""");
    }

    @Test
    void givenParameterNumbersOfSeveralDigits_whenRenumbered_thenEachMovesByTheOffset() {
        assertThat(OneStatementWrite.renumbered("f($9, $10, $17)", 17)).isEqualTo("f($26, $27, $34)");
        assertThat(OneStatementWrite.renumbered("f($1)", 0)).isEqualTo("f($1)");
    }

    @Test
    void givenNoPartWithRows_whenAskedForTheStatement_thenThereIsNone() {
        assertThat(new OneStatementWrite().add(null).toStatement(null)).isNull();
    }
}
