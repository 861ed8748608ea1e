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
        assertThat(built.where()).isEqualTo(" WHERE (status = :f0) AND (status <> :f1) AND (precise_amount > :f2)"
                + " AND (precise_amount >= :f3) AND (precise_amount < :f4) AND (precise_amount <= :f5)"
                + " AND (currency IN (:f6, :f7)) AND (precise_amount BETWEEN :f8 AND :f9) AND (description LIKE :f10)"
                + " AND (description ILIKE :f11) AND (effective_date IS NULL) AND (created_at IS NOT NULL)"
                + " AND (created_at >= :f12)");
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

        assertThat(built.where()).isEqualTo(" WHERE (balance > :f0) OR (indicator IS NULL)");
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
        assertRefused(FilterSchema.TRANSACTIONS, Filter.of("meta_data", "gt", "x"));
        assertRefused(FilterSchema.TRANSACTIONS, Filter.of("meta_data.a.b", "eq", "x"));
        assertRefused(FilterSchema.TRANSACTIONS, Filter.of("meta_data.1st", "eq", "x"));
        assertRefused(FilterSchema.TRANSACTIONS, Filter.of("meta_data.k", "gt", "ten"));
        assertRefused(FilterSchema.TRANSACTIONS, Filter.of("balance_id", "gt", "bln_a"));
        assertRefused(FilterSchema.TRANSACTIONS, Filter.of("balance_id", "like", "bln_%"));
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
        assertThatThrownBy(() -> Filter.of("status", "matches", "x")).isInstanceOf(InvalidFilterException.class);
    }

    @Test
    void a_sort_field_outside_the_whitelist_or_virtual_falls_back_to_created_at() {
        for (String sortBy : List.of("created_at; DROP TABLE x", "meta_data", "balance_id", "indicator", "nope")) {
            FilterSql.Built built = FilterSql.build(FilterSchema.TRANSACTIONS,
                    new ListQuery(List.of(), false, sortBy, true, 20, 0));
            assertThat(built.orderBy()).as(sortBy).isEqualTo(" ORDER BY created_at ASC, transaction_id ASC");
        }
        FilterSql.Built byAmount = FilterSql.build(FilterSchema.TRANSACTIONS,
                new ListQuery(List.of(), false, "amount", false, 20, 0));
        assertThat(byAmount.orderBy())
                .isEqualTo(" ORDER BY (precise_amount / NULLIF(precision, 0)) DESC, transaction_id DESC");
    }

    @Test
    void query_operators_read_any_case_and_the_aliases_but_the_dsl_takes_canonical_names_only() {
        assertThat(FilterSql.Operator.fromQuery("NEQ")).contains(FilterSql.Operator.NE);
        assertThat(FilterSql.Operator.fromQuery("gteq")).contains(FilterSql.Operator.GTE);
        assertThat(FilterSql.Operator.fromQuery("LtEq")).contains(FilterSql.Operator.LTE);
        assertThat(FilterSql.Operator.fromQuery("IsNotNull")).contains(FilterSql.Operator.ISNOTNULL);
        assertThat(FilterSql.Operator.fromQuery("id")).isEmpty();
        assertThat(FilterSql.Operator.fromBody("isnotnull")).isEqualTo(FilterSql.Operator.ISNOTNULL);
        for (String refused : List.of("neq", "gteq", "EQ", "Eq", "matches")) {
            assertThatThrownBy(() -> FilterSql.Operator.fromBody(refused)).as(refused)
                    .isInstanceOf(InvalidFilterException.class)
                    .extracting(e -> ((InvalidFilterException) e).kind())
                    .isEqualTo(InvalidFilterException.Kind.INVALID_FILTER);
        }
    }

    @Test
    void a_time_equality_from_a_query_parameter_spans_the_precision_it_was_written_at() {
        // given dates and times written at day, minute, second and millisecond precision
        FilterSql.Built day = build(FilterSchema.TRANSACTIONS, Filter.of("created_at", "eq", "2024-01-31"));
        FilterSql.Built minute = build(FilterSchema.TRANSACTIONS, Filter.of("created_at", "eq", "2024-01-31 10:15"));
        FilterSql.Built milli = build(FilterSchema.TRANSACTIONS,
                Filter.of("created_at", "eq", "2024-01-31T10:15:30.250+02:00"));

        // then each is a half-open range of that span
        assertThat(day.where()).isEqualTo(" WHERE (created_at >= :f0 AND created_at < :f1)");
        assertThat(day.params()).containsEntry("f0", OffsetDateTime.parse("2024-01-31T00:00:00Z"))
                .containsEntry("f1", OffsetDateTime.parse("2024-02-01T00:00:00Z"));
        assertThat(minute.params()).containsEntry("f1", OffsetDateTime.parse("2024-01-31T10:16:00Z"));
        assertThat(milli.params()).containsEntry("f0", OffsetDateTime.parse("2024-01-31T10:15:30.250+02:00"))
                .containsEntry("f1", OffsetDateTime.parse("2024-01-31T10:15:30.251+02:00"));

        // but the DSL compares the exact instant
        FilterSql.Built exact = build(FilterSchema.TRANSACTIONS, new Filter("created_at", FilterSql.Operator.EQ,
                "2024-01-31", null, "\"2024-01-31\"", Filter.Origin.BODY));
        assertThat(exact.where()).isEqualTo(" WHERE (created_at = :f0)");
    }

    @Test
    void meta_data_keys_compare_by_json_type_for_equality_by_text_and_by_number_otherwise() {
        // given meta_data filters from query parameters
        FilterSql.Built built = build(FilterSchema.BALANCES,
                Filter.of("meta_data.order_id", "eq", "12345"),
                Filter.of("meta_data.customer", "eq", "ada"),
                Filter.of("meta_data.vip", "eq", "true"),
                Filter.of("meta_data.region", "ne", "eu"),
                Filter.of("meta_data.score", "gt", "10.5"),
                Filter.of("meta_data.tier", "in", "gold, silver"),
                Filter.of("meta_data.note", "isnull", "false"));

        // then equality is JSON containment with Blnk's typing, the rest compares the text or a guarded number
        assertThat(built.params()).containsEntry("f0", "{\"order_id\":12345}")
                .containsEntry("f1", "{\"customer\":\"ada\"}")
                .containsEntry("f2", "{\"vip\":true}")
                .containsEntry("f3", "region").containsEntry("f4", "eu")
                .containsEntry("f6", new BigDecimal("10.5"))
                .containsEntry("f8", "gold").containsEntry("f9", "silver");
        assertThat(built.where())
                .contains("(meta_data @> CAST(:f0 AS jsonb))")
                .contains("((meta_data ->> :f3) <> :f4)")
                .contains("((CASE WHEN (meta_data ->> :f5) ~ ")
                .contains("THEN (meta_data ->> :f5)::numeric END) > :f6)")
                .contains("((meta_data ->> :f7) IN (:f8, :f9))")
                .contains("(meta_data -> :f10 IS NULL OR jsonb_typeof(meta_data -> :f11) = 'null')");

        // and the DSL keeps the JSON type it was sent with
        FilterSql.Built body = build(FilterSchema.BALANCES, new Filter("meta_data.order_id", FilterSql.Operator.EQ,
                "12345", null, "\"12345\"", Filter.Origin.BODY));
        assertThat(body.params()).containsEntry("f0", "{\"order_id\":\"12345\"}");
    }

    @Test
    void transactions_filter_on_blnk_virtual_fields() {
        FilterSql.Built built = build(FilterSchema.TRANSACTIONS,
                Filter.of("balance_id", "eq", "bln_a"),
                Filter.of("balance_id", "ne", "bln_b"),
                Filter.of("balance_id", "in", "bln_c,bln_d"),
                Filter.of("indicator", "eq", "@World"),
                Filter.of("amount", "gte", "10.50"));

        assertThat(built.where()).isEqualTo(" WHERE (source_balance_id = :f0 OR destination_balance_id = :f0)"
                + " AND (source_balance_id <> :f1 AND destination_balance_id <> :f1)"
                + " AND (source_balance_id IN (:f2, :f3) OR destination_balance_id IN (:f2, :f3))"
                + " AND (source_balance_id IN (SELECT balance_id FROM balances WHERE indicator = :f4)"
                + " OR destination_balance_id IN (SELECT balance_id FROM balances WHERE indicator = :f4))"
                + " AND ((precise_amount / NULLIF(precision, 0)) >= :f5)");
        assertThat(built.params()).containsEntry("f5", new BigDecimal("10.50"));
    }

    private static void assertRefused(FilterSchema schema, Filter filter) {
        assertThatThrownBy(() -> build(schema, filter)).as(filter.toString()).isInstanceOf(InvalidFilterException.class);
    }
}
