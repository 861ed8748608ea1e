package dev.ledgerline.projection.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import dev.ledgerline.projection.store.Filter;
import dev.ledgerline.projection.store.FilterSql;
import dev.ledgerline.projection.store.InvalidFilterException;
import dev.ledgerline.projection.store.ListQuery;
import org.junit.jupiter.api.Test;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** Blnk's GET list grammar: which parameters are filters, how they are read, and the page each endpoint serves. */
class ListParamsTest {

    @Test
    void given_blnk_query_parameters_when_parsed_then_only_operator_suffixed_keys_become_filters() {
        // Given filters, a meta_data key, an alias, reserved keys and parameters with no operator suffix
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        params.add("status_EQ", "APPLIED");
        params.add("meta_data.order_id_neq", "7");
        params.add("currency_in", "USD,EUR");
        params.add("include", "ledger");
        params.add("with_queued", "true");
        params.add("ledger_id", "ldg_1");
        params.add("status_matches", "x");
        params.add("Per_Page", "5");
        params.add("logical_operator", "OR");
        params.add("reference_eq", "first");
        params.add("reference_eq", "second");

        // When parsed
        ListQuery query = ListParams.parse(params, ListLimits.TRANSACTIONS);

        // Then the filters are exactly the suffixed keys, the first value of a repeated one, combined with OR
        assertThat(query.filters()).extracting(Filter::field, Filter::operator, Filter::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("status", FilterSql.Operator.EQ, "APPLIED"),
                org.assertj.core.groups.Tuple.tuple("meta_data.order_id", FilterSql.Operator.NE, "7"),
                org.assertj.core.groups.Tuple.tuple("currency", FilterSql.Operator.IN, "USD,EUR"),
                org.assertj.core.groups.Tuple.tuple("reference", FilterSql.Operator.EQ, "first"));
        assertThat(query.any()).isTrue();
        assertThat(query.limit()).isEqualTo(20);
    }

    @Test
    void given_a_bad_logical_operator_or_too_many_filters_then_the_grammar_refuses_them() {
        MultiValueMap<String, String> badOperator = new LinkedMultiValueMap<>();
        badOperator.add("logical_operator", "xor");
        assertThatThrownBy(() -> ListParams.parse(badOperator, ListLimits.TRANSACTIONS))
                .isInstanceOf(InvalidFilterException.class);

        MultiValueMap<String, String> tooMany = new LinkedMultiValueMap<>();
        for (int i = 0; i <= FilterSql.MAX_FILTERS; i++) {
            tooMany.add("f" + i + "_eq", "x");
        }
        assertThatThrownBy(() -> ListParams.parse(tooMany, ListLimits.TRANSACTIONS))
                .isInstanceOf(InvalidFilterException.class);
    }

    @Test
    void each_endpoint_reads_limit_and_offset_as_blnk_does_but_caps_instead_of_resetting() {
        // transactions: a malformed value is the default; balances and ledgers: a 400
        assertThat(ListLimits.TRANSACTIONS.page("many", "x")).isEqualTo(new Paging(20, 0));
        assertThat(ListLimits.TRANSACTIONS.page("0", "-5")).isEqualTo(new Paging(20, 0));
        assertThatThrownBy(() -> ListLimits.BALANCES.page("many", null)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> ListLimits.LEDGERS.page(null, "-1")).isInstanceOf(ApiException.class);
        // defaults, and a page above the cap is served at the cap
        assertThat(ListLimits.BALANCES.page((String) null, (String) null)).isEqualTo(new Paging(10, 0));
        assertThat(ListLimits.TRANSACTIONS.page("5000", "40")).isEqualTo(new Paging(1000, 40));
        assertThat(ListLimits.LEDGERS.page("150", null)).isEqualTo(new Paging(100, 0));
        assertThat(ListLimits.FILTER_BODY.page(101, -1L)).isEqualTo(new Paging(100, 0));
        assertThat(ListLimits.FILTER_BODY.page((Integer) null, (Long) null)).isEqualTo(new Paging(20, 0));
        assertThat(ListLimits.TRANSACTIONS.page("99999999999999999999", null)).isEqualTo(new Paging(20, 0));
    }

    @Test
    void sort_order_other_than_asc_is_newest_first() {
        assertThat(ListParams.ascending("ASC")).isTrue();
        for (String order : List.of("desc", "sideways", "")) {
            assertThat(ListParams.ascending(order)).as(order).isFalse();
        }
    }
}
