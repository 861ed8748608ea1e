package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/*
 * Goal: the chain gauges carry Blnk's Prometheus names, report what the sealer tells them, and
 * disappear when the task closes. Method: a real Prometheus registry, scraped as text.
 */
class ChainMetricsTest {

    @Test
    void chain_gauges_have_blnk_names_and_follow_the_sealer() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ProcessorMetrics.ChainStatus status = new ProcessorMetrics(registry).chainStatus(3);

        status.update(7, 0, 0);
        status.headAdded(System.currentTimeMillis() - 2_000);
        status.headAdded(System.currentTimeMillis());
        String scrape = registry.scrape();

        assertThat(scrape).contains("blnk_chain_backlog{partition=\"3\"} 2.0");
        assertThat(scrape).contains("blnk_chain_head_seq{partition=\"3\"} 7.0");
        assertThat(scrape).containsPattern("blnk_chain_lag_seconds\\{partition=\"3\"} [2-9]\\.");

        status.close();
        assertThat(registry.scrape()).doesNotContain("blnk_chain_backlog");
    }
}
