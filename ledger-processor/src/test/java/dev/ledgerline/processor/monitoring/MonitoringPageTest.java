package dev.ledgerline.processor.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.ledgerline.observability.monitoring.MonitoringPage;

import dev.ledgerline.processor.ProcessorProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/*
 * Goal: the /monitoring page puts each worker meter under its section, shows empty sections as such,
 * says when the queues could not be read, and escapes every value it prints.
 * Method: a real meter registry and the page renderer; the queue monitor is never started (no broker),
 * so its backlog is the "not computed yet" one. QueueMonitoringIT covers the page over HTTP on the real stack.
 */
class MonitoringPageTest {

    @Test
    void meters_land_in_their_sections_and_values_are_escaped() {
        // given a worker registry with transactions, a rejection whose label needs escaping, and a void
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Counter.builder("blnk.transaction").tag("status", "APPLIED").tag("currency", "USD").register(registry).increment(3);
        Counter.builder("blnk.transaction.rejected").tag("reason", "<b>odd</b>").register(registry).increment();
        Counter.builder("blnk.inflight.void").register(registry).increment();
        ProcessorProperties properties = new ProcessorProperties("127.0.0.1:1", "ledgerline-processor", null, 20, 1, 6,
                10, 10, 1000L, null, null, null, null, null);
        WorkerMonitoring monitoring = new WorkerMonitoring(properties, registry, 2000);
        try {
            // when the page is rendered
            String html = MonitoringPage.render(monitoring, 7);

            // then it reloads itself, each meter is under its section, and the odd label is escaped
            assertThat(html).contains("<meta http-equiv=\"refresh\" content=\"7\">");
            assertThat(section(html, "Throughput")).contains("blnk.transaction", "APPLIED", "USD", "<td>3</td>");
            assertThat(section(html, "Rejections by reason")).contains("&lt;b&gt;odd&lt;/b&gt;").doesNotContain("<b>odd");
            assertThat(section(html, "Inflight commits and voids")).contains("blnk.inflight.void");
            assertThat(section(html, "Retries")).contains("none recorded yet");
            assertThat(html).contains("Last refresh failed: not computed yet", "ledgerline-processor");
        } finally {
            monitoring.stop();
        }
    }

    /** The HTML between the section's heading and the next heading. */
    private static String section(String html, String title) {
        int start = html.indexOf("<h2>" + title + "</h2>");
        assertThat(start).as("section %s", title).isNotNegative();
        int end = html.indexOf("<h2>", start + 4);
        return html.substring(start, end < 0 ? html.length() : end);
    }
}
