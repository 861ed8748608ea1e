package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.ledgerline.observability.tracing.KafkaTracing;

class LedgerStreamsConfigTest {

    @Test
    void a_commit_interval_above_kafkas_transaction_timeout_still_makes_a_valid_config() {
        // given a commit interval of 30 s (Kafka's transaction timeout defaults to 10 s, which Kafka Streams refuses)
        LedgerStreams streams = streamsWithCommitInterval(30_000);

        // when the streams config is built
        var config = streams.streamsConfig();

        // then the transaction timeout is twice the interval and Kafka Streams accepts the config
        assertThat(config.get(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG))).isEqualTo(60_000);
        assertThatCode(() -> new StreamsConfig(config)).doesNotThrowAnyException();
    }

    @Test
    void the_default_commit_interval_keeps_kafkas_ten_second_transaction_timeout() {
        var config = streamsWithCommitInterval(20).streamsConfig();

        assertThat(config.get(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG))).isEqualTo(10_000);
    }

    @Test
    void a_commit_interval_whose_transaction_timeout_no_default_broker_accepts_stops_start_up_by_name() {
        // given a commit interval of 10 min (its 20 min transaction timeout is above a broker's default 15 min limit)
        LedgerStreams streams = streamsWithCommitInterval(600_000);

        // when the streams config is built, then start-up stops naming the setting
        assertThatThrownBy(streams::streamsConfig).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LEDGERLINE_COMMIT_INTERVAL_MS").hasMessageContaining("450000");
    }

    @Test
    void the_longest_commit_interval_a_default_broker_accepts_is_allowed() {
        var config = streamsWithCommitInterval(450_000).streamsConfig();

        assertThat(config.get(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG))).isEqualTo(900_000);
    }

    @Test
    void fetched_records_are_buffered_a_hundred_per_partition_not_kafkas_thousand() {
        // given Kafka's default of 1,000 records per partition, a backlog of bulk commands (each a whole batch of
        // transfers) filled the processor's heap; when the streams config is built, then the buffer is bounded lower
        var config = streamsWithCommitInterval(20).streamsConfig();

        assertThat(new StreamsConfig(config).getInt(StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG)).isEqualTo(100);
    }

    private static LedgerStreams streamsWithCommitInterval(long commitIntervalMs) {
        ProcessorProperties properties = new ProcessorProperties("127.0.0.1:1", "ledgerline-processor",
                System.getProperty("java.io.tmpdir") + "/ledger-streams-config-test", commitIntervalMs, 1, 6, 10, 10,
                1000L, null, null, null, null, null);
        return new LedgerStreams(properties, new SimpleMeterRegistry(),
                new StaticListableBeanFactory().getBeanProvider(KafkaTracing.class));
    }
}
