package dev.ledgerline.projection.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The filter-to-SQL builder alone: which SQL text it writes and what it binds. */
class FilterSqlTest {

    private static FilterSql.Built build(FilterSchema schema, Filter... filters) {
        return FilterSql.build(schema, new ListQuery(List.of(filters), false, null, false, 20, 0));
    }

    @Test
    void every_operator_writes_the_whitelisted_column_and_binds_typed_values() {
        // given one filter per operator on transactions
        FilterSql.Built built = build(FilterSchema.TRANSACTIONS,
                Filter.of("status", "eq", "APPLIED"),
                Filter.of("status", "ne", "REJECTED"),
                Filter.of("precise_amount", "gt", "10"),
                Filter.of("precise_amount", "gte", "11"),
                Filter.of("precise_amount", "lt", "100"),
                Filter.of("precise_amount", "lte", "99"),
                Filter.of("currency", "in", "USD,EUR"),
                Filter.of("precise_amount", "between", "10|20"),
                Filter.of("description", "like", "rent%"),
                Filter.of("description", "ilike", "RENT%"),
                Filter.of("effective_date", "isnull", "true"),
                Filter.of("created_at", "isnotnull", ""),
                Filter.of("created_at", "GTE", "2024-01-01T00:00:00Z"));

        // then the clause is built from columns and placeholders only
        assertThat(built.where()).isEqualTo(" WHERE (status = :f0 AND status <> :f1 AND precise_amount > :f2"
                + " AND precise_amount >= :f3 AND precise_amount < :f4 AND precise_amount <= :f5"
                + " AND currency IN (:f6, :f7) AND precise_amount BETWEEN :f8 AND :f9 AND description LIKE :f10"
                + " AND description ILIKE :f11 AND effective_date IS NULL AND created_at IS NOT NULL"
                + " AND created_at >= :f12)");
        assertThat(built.params()).containsEntry("f0", "APPLIED")
                .containsEntry("f2", new BigDecimal("10"))
                .containsEntry("f7", "EUR")
                .containsEntry("f9", new BigDecimal("20"))
                .containsEntry("f12", OffsetDateTime.parse("2024-01-01T00:00:00Z"));
        assertThat(built.orderBy()).isEqualTo(" ORDER BY created_at DESC, transaction_id DESC");
    }

    @Test
    void or_combines_and_sorting_follows_the_whitelist() {
        FilterSql.Built built = FilterSql.build(FilterSchema.BALANCES, new ListQuery(
                List.of(Filter.of("balance", "gt", "0"), Filter.of("indicator", "isnull", null)),
                true, "balance", true, 10, 0));

        assertThat(built.where()).isEqualTo(" WHERE (balance > :f0 OR indicator IS NULL)");
        assertThat(built.orderBy()).isEqualTo(" ORDER BY balance ASC, balance_id ASC");
    }

    @Test
    void an_injection_attempt_in_a_value_is_only_ever_a_bound_parameter() {
        String hostile = "x' OR '1'='1'; DROP TABLE transactions; --";

        FilterSql.Built built = build(FilterSchema.TRANSACTIONS, Filter.of("reference", "eq", hostile));

        assertThat(built.where()).isEqualTo(" WHERE (reference = :f0)").doesNotContain("DROP");
        assertThat(built.params()).containsEntry("f0", hostile);
    }

    @Test
    void what_the_whitelist_does_not_know_is_refused() {
        assertRefused(FilterSchema.TRANSACTIONS, Filter.of("status; DROP TABLE transactions; --", "eq", "x"));
        assertRefused(FilterSchema.TRANSACTIONS, Filter.of("meta_data", "eq", "x"));
        assertRefused(FilterSchema.TRANSACTIONS, Filter.of("status", "matches", "x"));
        assertRefused(FilterSchema.TRANSACTIONS, Filter.of("precise_amount", "eq", "1 OR 1=1"));
        assertRefused(FilterSchema.TRANSACTIONS, Filter.of("precise_amount", "eq", "1e999999999"));
        assertRefused(FilterSchema.TRANSACTIONS, Filter.of("created_at", "gt", "yesterday"));
        assertRefused(FilterSchema.TRANSACTIONS, Filter.of("inflight", "eq", "yes"));
        assertRefused(FilterSchema.TRANSACTIONS, Filter.of("precise_amount", "like", "1%"));
        assertRefused(FilterSchema.TRANSACTIONS, Filter.of("precise_amount", "between", "1|2|3"));
        assertRefused(FilterSchema.TRANSACTIONS, Filter.of("status", "eq", null));
        assertRefused(FilterSchema.TRANSACTIONS, Filter.of("status", "eq", "x".repeat(1001)));
        assertRefused(FilterSchema.TRANSACTIONS, Filter.of("status", "in", String.join(",", Collections.nCopies(101, "A"))));
        assertRefused(FilterSchema.LEDGERS, Filter.of("currency", "eq", "USD"));
        List<Filter> tooMany = new ArrayList<>(Collections.nCopies(21, Filter.of("status", "eq", "A")));
        assertThatThrownBy(() -> FilterSql.build(FilterSchema.TRANSACTIONS, new ListQuery(tooMany, false, null, false, 20, 0)))
                .isInstanceOf(InvalidFilterException.class);
        assertThatThrownBy(() -> FilterSql.build(FilterSchema.TRANSACTIONS,
                new ListQuery(List.of(), false, "created_at; DROP TABLE x", false, 20, 0)))
                .isInstanceOf(InvalidFilterException.class);
    }

    private static void assertRefused(FilterSchema schema, Filter filter) {
        assertThatThrownBy(() -> build(schema, filter)).as(filter.toString()).isInstanceOf(InvalidFilterException.class);
    }
}
