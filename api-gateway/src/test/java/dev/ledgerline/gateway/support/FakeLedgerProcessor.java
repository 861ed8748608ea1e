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

import dev.ledgerline.core.Ids;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.CommandBatches;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.BatchedCommand;
import dev.ledgerline.wire.v1.LedgerCommand;
import dev.ledgerline.wire.v1.InflightAction;
import dev.ledgerline.wire.v1.RecordTransaction;
import dev.ledgerline.wire.v1.RefundTransaction;
import dev.ledgerline.wire.v1.Reply;
import dev.ledgerline.wire.v1.TransactionCommand;
import dev.ledgerline.wire.v1.TransactionRecord;
import dev.ledgerline.wire.v1.TransactionSpec;

/**
 * Plays ledger-processor in tests, over the real broker: reads {@code ledger.ledger-commands} and
 * {@code ledger.transaction-commands}, records each command with its key, and answers on
 * {@code ledger.replies} as {@link #decide} / {@link #decideTransaction} say (null = stay silent).
 * By default it answers transaction commands as the contract (docs/design/transactions-v2.md) says
 * the processor does: see {@link #answerAsTheContractSays}.
 */
public final class FakeLedgerProcessor implements AutoCloseable {

    /** A command as it was found on the topic. */
    public record Received(String key, LedgerCommand command) {
    }

    private static final AvroSerde<LedgerCommand> COMMANDS = AvroSerde.of(LedgerCommand.class);
    private static final AvroSerde<TransactionCommand> TRANSACTION_COMMANDS = AvroSerde.of(TransactionCommand.class);
    private static final AvroSerde<Reply> REPLIES = AvroSerde.of(Reply.class);

    public volatile Function<LedgerCommand, Reply> decide = FakeLedgerProcessor::accept;
    public final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    /** A transaction command as it was found on the topic. */
    public record ReceivedTransaction(String key, TransactionCommand command) {
    }

    public volatile Function<TransactionCommand, Reply> decideTransaction = FakeLedgerProcessor::answerAsTheContractSays;
    public final BlockingQueue<ReceivedTransaction> receivedTransactions = new LinkedBlockingQueue<>();

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
        for (String topic : List.of(Topics.LEDGER_COMMANDS, Topics.TRANSACTION_COMMANDS)) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
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

    /**
     * The contract's replies: a queued {@code RecordTransaction} gets none; with {@code skip_queue} the
     * outcome (APPLIED/INFLIGHT, same id and reference); a queued {@code InflightAction} the INFLIGHT
     * {@code _q} record, with {@code skip_queue} the first action's APPLIED/VOID record; a refund the
     * refund's QUEUED record, with {@code skip_queue} its APPLIED record.
     */
    public static Reply answerAsTheContractSays(TransactionCommand command) {
        Object payload = command.getPayload();
        if (payload instanceof RecordTransaction) {
            RecordTransaction record = (RecordTransaction) payload;
            if (!record.getSkipQueue()) {
                return null;
            }
            TransactionSpec spec = record.getTransaction();
            return replyWith(command, TransactionRecord.newBuilder(record(spec.getTransactionId(), "", spec.getReference(),
                            spec.getInflight() ? "INFLIGHT" : "APPLIED", spec.getPreciseAmount()))
                    .setSource(spec.getSourceId()).setDestination(spec.getDestinationId())
                    .setPrecision(spec.getPrecision()).setCurrency(spec.getCurrency()).setInflight(spec.getInflight())
                    .setSkipQueue(true).setMetaDataJson(spec.getMetaDataJson()).build());
        }
        if (payload instanceof InflightAction) {
            InflightAction action = (InflightAction) payload;
            String root = action.getTransactionId();
            String inflightId = Ids.outcomeTransactionId(root);
            if (!action.getSkipQueue()) {
                return replyWith(command, record(inflightId, root, "ref_q", "INFLIGHT", "1000"));
            }
            boolean commit = action.getAction().equals("commit");
            String amount = action.getPreciseAmount() == null ? "1000" : action.getPreciseAmount();
            return replyWith(command, record(Ids.actionTransactionId(root, 1), inflightId,
                    "ref_" + action.getAction() + "_1", commit ? "APPLIED" : "VOID", amount));
        }
        RefundTransaction refund = (RefundTransaction) payload;
        String original = refund.getTransactionId();
        String reference = Ids.refundReference(original);
        return replyWith(command, record(Ids.transactionIdForReference(reference), original, reference,
                refund.getSkipQueue() ? "APPLIED" : "QUEUED", "1000"));
    }

    /** A complete record (USD, precision 100, @World to bln_alice) the tests can adjust with its builder. */
    public static TransactionRecord record(String id, String parent, String reference, String status, String preciseAmount) {
        return TransactionRecord.newBuilder()
                .setTransactionId(id).setParentTransaction(parent).setReference(reference)
                .setSource("@World").setDestination("bln_alice")
                .setSourceBalanceId(Ids.indicatorBalanceId("@World", "USD")).setDestinationBalanceId("bln_alice")
                .setPreciseAmount(preciseAmount).setPrecision(100).setCurrency("USD").setDescription("test")
                .setStatus(status).setRejectionCode(null).setRejectionMessage(null)
                .setAllowOverdraft(false).setOverdraftLimit("0").setInflight(status.equals("INFLIGHT"))
                .setMetaDataJson("{}").setCreatedAtMs(1_700_000_000_000L).setEffectiveDateMs(null)
                .setHash("hash-" + id).setSkipQueue(false)
                .setScheduledForMs(null).setInflightExpiryMs(null).setInflightCommitMs(null)
                .build();
    }

    public static Reply replyWith(TransactionCommand command, TransactionRecord record) {
        return Reply.newBuilder().setRequestId(command.getRequestId()).setOk(true).setCode(null).setMessage(null)
                .setSubjectId(record.getTransactionId()).setDecidedAtMs(System.currentTimeMillis())
                .setTransaction(record).build();
    }

    public static Reply rejectTransaction(TransactionCommand command, String code, String message) {
        return Reply.newBuilder().setRequestId(command.getRequestId()).setOk(false).setCode(code).setMessage(message)
                .setSubjectId("subject").setDecidedAtMs(System.currentTimeMillis()).build();
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
                    if (record.topic().equals(Topics.TRANSACTION_COMMANDS) && CommandBatches.isBatch(record.value())) {
                        // several commands the gateway coalesced: one by one, as the processor hands them to its stages
                        for (BatchedCommand item : CommandBatches.SERDE.decode(record.value()).getItems()) {
                            handle(record.topic(), item.getKey(), CommandBatches.bytes(item.getValue()));
                        }
                    } else {
                        handle(record.topic(), record.key(), record.value());
                    }
                }
            }
        } catch (WakeupException stopping) {
            // close() asked us to stop
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void handle(String topic, String key, byte[] value) {
        Reply reply;
        if (topic.equals(Topics.TRANSACTION_COMMANDS)) {
            TransactionCommand command = TRANSACTION_COMMANDS.decode(value);
            receivedTransactions.add(new ReceivedTransaction(key, command));
            reply = decideTransaction.apply(command);
        } else {
            LedgerCommand command = COMMANDS.decode(value);
            received.add(new Received(key, command));
            reply = decide.apply(command);
        }
        if (reply != null) {
            producer.send(new ProducerRecord<>(Topics.REPLIES, reply.getRequestId(), REPLIES.encode(reply)));
            producer.flush();
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
