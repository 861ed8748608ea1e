package dev.ledgerline.gateway.kafka;

import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

import dev.ledgerline.gateway.GatewayProperties;
import dev.ledgerline.gateway.backpressure.EntryQueueTransfers;
import dev.ledgerline.observability.tracing.KafkaTracing;
import dev.ledgerline.observability.web.RequestLogContext;
import dev.ledgerline.gateway.error.ApiException;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.TopicSetup;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.InflightAction;
import dev.ledgerline.wire.v1.LedgerCommand;
import dev.ledgerline.wire.v1.StartGroup;
import dev.ledgerline.wire.v1.TransactionCommand;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Writes commands to Kafka. The returned {@link Mono} completes only when the broker acknowledged
 * the record with {@code acks=all} (idempotent producer), because the gateway may answer
 * {@code 201 QUEUED} only once the command is durable. Transaction commands go through a
 * {@link CommandCoalescer}: those that arrive for one partition while its previous record is in flight leave
 * together as one record, so that concurrent single requests reach the processor as batches.
 */
@Component
public class CommandPublisher implements DisposableBean {

    private static final AvroSerde<LedgerCommand> LEDGER_COMMANDS = AvroSerde.of(LedgerCommand.class);
    private static final AvroSerde<TransactionCommand> TRANSACTION_COMMANDS = AvroSerde.of(TransactionCommand.class);

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaTracing tracing;
    /** blnk_queue_enqueued_total{queue_name}: one per command Kafka acknowledged, queue_name = topic. */
    private final Counter ledgerCommandsEnqueued;
    private final Counter transactionCommandsEnqueued;
    private final CommandCoalescer transactionCommands;
    private final EntryQueueTransfers entryQueueTransfers;
    private final ExecutorService coalescerThread;

    public CommandPublisher(GatewayProperties properties, LedgerTopics topicsReady, MeterRegistry meters,
            KafkaTracing tracing, EntryQueueTransfers entryQueueTransfers) {
        this.tracing = tracing;
        this.ledgerCommandsEnqueued = enqueuedCounter(meters, Topics.LEDGER_COMMANDS);
        this.transactionCommandsEnqueued = enqueuedCounter(meters, Topics.TRANSACTION_COMMANDS);
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.kafka().bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "api-gateway-commands");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // A few ms of batching buys throughput under load at little latency cost.
        config.put(ProducerConfig.LINGER_MS_CONFIG, properties.kafka().lingerMs());
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, properties.kafka().maxInFlight());
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // A bulk batch is one record (all-or-nothing durability), checked uncompressed against the topic's limit
        // (CommandSizeLimit), so it fits whatever the compression.
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, TopicSetup.MAX_COMMAND_BYTES);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, properties.kafka().compression());
        // send() may block the event loop at most this long (metadata is warmed up below).
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        // A client should hear "not accepted" within seconds, not after the default two minutes.
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        // Fetch topic metadata now, so that the first send() on a request thread does not block for it.
        producer.partitionsFor(Topics.LEDGER_COMMANDS);
        int partitions = producer.partitionsFor(Topics.TRANSACTION_COMMANDS).size();
        this.coalescerThread = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "command-coalescer");
            thread.setDaemon(true);
            return thread;
        });
        DistributionSummary commandsPerRecord = DistributionSummary.builder("ledgerline.gateway.commands.per.record")
                .description("Transaction commands carried by each record the gateway wrote to "
                        + Topics.TRANSACTION_COMMANDS + " (more than one when concurrent requests were coalesced)")
                .register(meters);
        this.entryQueueTransfers = entryQueueTransfers;
        // The partition count is read once: the processor refuses to start on input topics whose counts changed.
        this.transactionCommands = new CommandCoalescer(Topics.TRANSACTION_COMMANDS, partitions, producer::send,
                coalescerThread, commandsPerRecord::record, entryQueueTransfers::written,
                properties.kafka().coalesceCommands());
    }

    /** Publishes a ledger or balance creation, keyed by ledger id. */
    public Mono<RecordMetadata> publishLedgerCommand(String ledgerId, LedgerCommand command) {
        return send(Topics.LEDGER_COMMANDS, ledgerId, null, LEDGER_COMMANDS.encode(command), ledgerCommandsEnqueued);
    }

    /** Publishes a transaction, keyed by its transaction id (derived from the reference). */
    public Mono<RecordMetadata> publishTransactionCommand(String transactionId, TransactionCommand command) {
        byte[] value = TRANSACTION_COMMANDS.encode(command);
        ApiException tooLarge = CommandSizeLimit.refusal(Topics.TRANSACTION_COMMANDS, value.length);
        if (tooLarge != null) {
            return Mono.error(tooLarge);
        }
        Headers headers = new RecordHeaders();
        int decisionRecords = decisionRecordsOf(command);
        return RequestLogContext.noteTransaction(transactionId, tracing.tracePublish(Topics.TRANSACTION_COMMANDS,
                transactionId, transactionId, headers, acknowledged(Topics.TRANSACTION_COMMANDS, transactionCommandsEnqueued,
                        callback -> transactionCommands.submit(new CommandCoalescer.Command(transactionId, value, headers,
                                System.currentTimeMillis(), transfersIn(command), callback)))
                        .doOnNext(written -> entryQueueTransfers.awaitingDecision(decisionRecords))));
    }

    /**
     * The records the processor will write to {@code ledger.transactions} for the command: a QUEUED record and an
     * outcome per transfer, one for a commit or void of a hold (more when it names a split's or batch's legs).
     */
    private static int decisionRecordsOf(TransactionCommand command) {
        return command.getPayload() instanceof InflightAction ? 1 : 2 * transfersIn(command);
    }

    /** A split's or bulk batch's legs; any other command is one transfer (or acts on one). */
    private static int transfersIn(TransactionCommand command) {
        return command.getPayload() instanceof StartGroup group ? Math.max(1, group.getLegs().size()) : 1;
    }

    private static Counter enqueuedCounter(MeterRegistry meters, String topic) {
        return Counter.builder("blnk.queue.enqueued").description("Commands acknowledged by Kafka (acks=all), by topic")
                .tag("queue_name", topic).register(meters);
    }

    /** The record carries the trace context of its publish span (child of the HTTP request's span). */
    private Mono<RecordMetadata> send(String topic, String key, String transactionId, byte[] value, Counter enqueued) {
        ApiException tooLarge = CommandSizeLimit.refusal(topic, value.length);
        if (tooLarge != null) {
            return Mono.error(tooLarge);
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        return tracing.tracePublish(topic, key, transactionId, record.headers(),
                acknowledged(topic, enqueued, callback -> producer.send(record, callback)));
    }

    /** Completes when Kafka acknowledged what {@code send} handed it (the callback), on a thread of its own. */
    private static Mono<RecordMetadata> acknowledged(String topic, Counter enqueued,
            java.util.function.Consumer<org.apache.kafka.clients.producer.Callback> send) {
        return Mono.<RecordMetadata>create(sink -> {
            try {
                send.accept((metadata, error) -> {
                    if (error != null) {
                        sink.error(new CommandNotAcknowledgedException(topic, error));
                    } else {
                        enqueued.increment();
                        sink.success(metadata);
                    }
                });
            } catch (RuntimeException e) {
                sink.error(new CommandNotAcknowledgedException(topic, e));
            }
        }).publishOn(Schedulers.parallel()); // never render the answer on the producer's only I/O thread
    }

    @Override
    public void destroy() {
        producer.close();
        coalescerThread.shutdown();
        try {
            coalescerThread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
