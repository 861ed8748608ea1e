package dev.ledgerline.gateway.backpressure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import dev.ledgerline.gateway.GatewayProperties;
import dev.ledgerline.schemas.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Measures the processor's backlog every check interval: per input partition, the log end offset minus what the
 * processor's consumer group has committed. The gate ({@link BacklogGate}) closes when one partition's backlog
 * reaches the limit. Measuring fails open (as Blnk's does): if the broker cannot answer, writes are not refused for
 * it, since the write itself will then fail or wait on the broker anyway.
 */
@Component
public class ProcessorBacklog implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProcessorBacklog.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);

    private final GatewayProperties.Backpressure settings;
    private final Admin admin;
    private final ScheduledExecutorService timer;
    private volatile BacklogGate gate = BacklogGate.OPEN;
    private volatile List<TopicPartition> inputs = List.of();
    private volatile boolean failing;

    public ProcessorBacklog(GatewayProperties properties, MeterRegistry meters) {
        this.settings = properties.backpressure();
        Gauge.builder("ledgerline.processor.backlog.records", () -> gate.largestBacklog())
                .description("largest backlog of one processor input partition (records not yet processed), as last measured")
                .register(meters);
        if (!settings.enabled()) {
            admin = null;
            timer = null;
            return;
        }
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.kafka().bootstrapServers());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "api-gateway-backlog");
        admin = Admin.create(config);
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "processor-backlog");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(50, settings.checkInterval().toMillis());
        timer.scheduleWithFixedDelay(this::measure, 0, every, TimeUnit.MILLISECONDS);
    }

    /** True while new transaction writes must be refused. */
    public boolean overLimit() {
        return gate.closed();
    }

    /** Seconds a refused client should wait before retrying. */
    public long retryAfterSeconds() {
        return Math.max(1, (settings.checkInterval().toMillis() + 999) / 1000);
    }

    void measure() {
        try {
            if (inputs.isEmpty()) {
                inputs = inputPartitions();
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets(settings.processorGroupId()).partitionsToOffsetAndMetadata()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            inputs.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            long largest = 0;
            for (TopicPartition partition : inputs) {
                OffsetAndMetadata done = committed.get(partition);
                long backlog = ends.get(partition).offset() - (done == null ? 0 : done.offset());
                largest = Math.max(largest, backlog);
            }
            BacklogGate next = gate.next(largest, settings.maxBacklogRecords());
            if (next.closed() != gate.closed()) {
                log.warn("backpressure {}: largest processor input backlog {} records (limit {})",
                        next.closed() ? "on, new transaction writes answer 503" : "off", largest,
                        settings.maxBacklogRecords());
            }
            gate = next;
            failing = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!failing) {
                log.warn("could not measure the processor backlog; not refusing writes for it: {}", e.toString());
            }
            failing = true;
            gate = BacklogGate.OPEN;
        }
    }

    private List<TopicPartition> inputPartitions() throws Exception {
        Map<String, TopicDescription> topics = admin.describeTopics(Topics.PROCESSOR_INPUTS).allTopicNames()
                .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        List<TopicPartition> partitions = new ArrayList<>();
        topics.values().forEach(topic -> topic.partitions()
                .forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition()))));
        return List.copyOf(partitions);
    }

    @Override
    public void destroy() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
