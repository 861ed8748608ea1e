package dev.ledgerline.gateway.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.LedgerCommand;
import dev.ledgerline.wire.v1.Reply;

/**
 * Plays ledger-processor's ledger registry in tests, over the real broker: reads
 * {@code ledger.ledger-commands}, records each command with its key, and answers on
 * {@code ledger.replies} as {@link #decide} says (null = stay silent).
 */
public final class FakeLedgerProcessor implements AutoCloseable {

    /** A command as it was found on the topic. */
    public record Received(String key, LedgerCommand command) {
    }

    private static final AvroSerde<LedgerCommand> COMMANDS = AvroSerde.of(LedgerCommand.class);
    private static final AvroSerde<Reply> REPLIES = AvroSerde.of(Reply.class);

    public volatile Function<LedgerCommand, Reply> decide = FakeLedgerProcessor::accept;
    public final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final Thread thread;
    private volatile boolean running = true;

    public FakeLedgerProcessor(String bootstrapServers) {
        Properties consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(Topics.LEDGER_COMMANDS)
                .forEach(p -> partitions.add(new TopicPartition(Topics.LEDGER_COMMANDS, p.partition())));
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(p -> consumer.position(p));

        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());

        thread = new Thread(this::run, "fake-ledger-processor");
        thread.setDaemon(true);
        thread.start();
    }

    public static Reply accept(LedgerCommand command) {
        return reply(command, true, null, null);
    }

    public static Reply reject(LedgerCommand command, String code, String message) {
        return reply(command, false, code, message);
    }

    private static Reply reply(LedgerCommand command, boolean ok, String code, String message) {
        return Reply.newBuilder()
                .setRequestId(command.getRequestId())
                .setOk(ok)
                .setCode(code)
                .setMessage(message)
                .setSubjectId("subject")
                .setDecidedAtMs(System.currentTimeMillis())
                .build();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    LedgerCommand command = COMMANDS.decode(record.value());
                    received.add(new Received(record.key(), command));
                    Reply reply = decide.apply(command);
                    if (reply != null) {
                        producer.send(new ProducerRecord<>(Topics.REPLIES, reply.getRequestId(), REPLIES.encode(reply)));
                        producer.flush();
                    }
                }
            }
        } catch (WakeupException stopping) {
            // close() asked us to stop
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
        producer.close(Duration.ofSeconds(2));
    }
}
