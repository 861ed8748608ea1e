package dev.ledgerline.observability.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

class BlnkMetricNamesTest {

    @Test
    void theBalanceCreatedCounterIsExposedUnderBlnksName() {
        // given Micrometer's counter as the processor registers it
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("blnk.balance.created").register(registry).increment(3);
        Counter.builder("blnk.balance.other").register(registry).increment();

        // when the exposition is written
        String text = BlnkMetricNames.restore(registry.scrape());

        // then the series carries Blnk's name and nothing else is renamed
        assertThat(text).contains("blnk_balance_created_total 3.0");
        assertThat(text).containsPattern("# TYPE blnk_balance_created_total counter|# TYPE blnk_balance_created counter");
        assertThat(text).doesNotContainPattern("(?m)^blnk_balance_total");
        assertThat(text).contains("blnk_balance_other_total 1.0");
    }
}
