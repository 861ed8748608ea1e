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
    void givenTheSamePartsInAnotherOrder_whenJoinedTwice_thenEachOrderKeepsItsOwnNumbering() {
        // Given: two parts, written once in each order (a batch's statement is remembered by the parts it has)
        OneStatementWrite.Part a = new OneStatementWrite.Part("INSERT INTO a SELECT * FROM unnest($1::text[])",
                new Object[][] {{"x"}});
        OneStatementWrite.Part b = new OneStatementWrite.Part("DELETE FROM b WHERE id = ANY($1::text[])",
                new Object[][] {{"y"}});
        String first = new OneStatementWrite().add(a).add(b).sql();

        // When: the reverse order, then the first order again
        String reversed = new OneStatementWrite().add(b).add(a).sql();
        String again = new OneStatementWrite().add(a).add(b).sql();

        // Then: the reverse order numbers b first, and the repeat is the same text as the first statement
        assertThat(reversed).isEqualTo("""
                WITH w0 AS (DELETE FROM b WHERE id = ANY($1::text[])),
                w1 AS (INSERT INTO a SELECT * FROM unnest($2::text[]))
                SELECT 1""");
        assertThat(again).isEqualTo(first).contains("unnest($1::text[])").contains("ANY($2::text[])");
    }

    @Test
    void givenOnePartWithMoreParameters_whenJoined_thenTheNextPartIsNumberedAfterAllOfThem() {
        // Given: the same SQL text for the first part, once with one array bound and once with two
        String sql = "INSERT INTO a SELECT * FROM unnest($1::text[]) WHERE $2::int8[] IS NOT NULL OR true";
        OneStatementWrite.Part tail = new OneStatementWrite.Part("DELETE FROM b WHERE id = ANY($1::text[])",
                new Object[][] {{"y"}});
        String oneArray = new OneStatementWrite().add(new OneStatementWrite.Part(sql, new Object[][] {{"x"}}))
                .add(tail).sql();

        // When
        String twoArrays = new OneStatementWrite()
                .add(new OneStatementWrite.Part(sql, new Object[][] {{"x"}, {1L}})).add(tail).sql();

        // Then: the tail follows the parameters each first part declares, not a remembered statement
        assertThat(oneArray).contains("ANY($2::text[])");
        assertThat(twoArrays).contains("ANY($3::text[])");
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
