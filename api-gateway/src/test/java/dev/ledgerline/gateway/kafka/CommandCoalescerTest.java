package dev.ledgerline.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import dev.ledgerline.schemas.CommandBatches;
import dev.ledgerline.wire.v1.BatchedCommand;
import dev.ledgerline.wire.v1.CommandBatch;

class CommandCoalescerTest {

    private static final String TOPIC = "ledger.transaction-commands";
    private static final int PARTITIONS = 6;

    /** Records handed to Kafka, each with its callback held until the test acknowledges it. */
    private final List<ProducerRecord<String, byte[]>> sent = new ArrayList<>();
    private final List<Callback> unacknowledged = new ArrayList<>();
    private final List<Integer> batchSizes = new ArrayList<>();
    /** What the coalescer told of each acknowledged record: "partition@offset:transfers". */
    private final List<String> written = new ArrayList<>();
    /** What each command's callback was told: its key → "ok@partition" or the error's message. */
    private final ConcurrentHashMap<String, String> outcomes = new ConcurrentHashMap<>();

    private final CommandCoalescer coalescer = new CommandCoalescer(TOPIC, PARTITIONS,
            (record, callback) -> {
                sent.add(record);
                unacknowledged.add(callback);
            }, Runnable::run, batchSizes::add, this::written, true);

    @Test
    void givenGroupingOff_whenCommandsArriveWhileARecordIsInFlight_thenEachLeavesAtOnceAsItsOwnRecord() {
        // given a coalescer built with grouping off and a record in flight
        CommandCoalescer ungrouped = new CommandCoalescer(TOPIC, PARTITIONS, (record, callback) -> {
            sent.add(record);
            unacknowledged.add(callback);
        }, Runnable::run, batchSizes::add, this::written, false);
        List<String> keys = keysOfOnePartition(3);
        ungrouped.submit(command(keys.get(0), value(1)));

        // when more commands for the same partition arrive before it is acknowledged
        ungrouped.submit(command(keys.get(1), value(2)));
        ungrouped.submit(command(keys.get(2), value(3)));

        // then each left at once, unbatched, to its partition, and is answered by its own acknowledgement
        assertThat(sent).extracting(ProducerRecord::key).containsExactlyElementsOf(keys);
        assertThat(sent).noneMatch(record -> CommandBatches.isBatch(record.value()));
        assertThat(sent).extracting(ProducerRecord::partition)
                .containsOnly(CommandBatches.partitionOf(keys.get(0), PARTITIONS));
        assertThat(batchSizes).containsExactly(1, 1, 1);
        acknowledge(1);
        assertThat(outcomes).containsOnlyKeys(keys.get(1));
    }

    @Test
    void givenAnIdleLane_whenACommandArrives_thenItLeavesAtOnceAsItsOwnRecord() {
        // given / when
        submit("t-1", 7);

        // then
        assertThat(sent).hasSize(1);
        ProducerRecord<String, byte[]> record = sent.get(0);
        assertThat(record.key()).isEqualTo("t-1");
        assertThat(record.partition()).isEqualTo(CommandBatches.partitionOf("t-1", PARTITIONS));
        assertThat(CommandBatches.isBatch(record.value())).isFalse();
        assertThat(record.value()).isEqualTo(value(7));
        assertThat(new String(record.headers().lastHeader("trace").value(), StandardCharsets.UTF_8)).isEqualTo("trace-t-1");
        assertThat(outcomes).isEmpty(); // not acknowledged yet: nobody may be answered

        acknowledge(0);
        assertThat(outcomes).containsEntry("t-1", "ok@" + record.partition());
    }

    @Test
    void givenARecordInFlight_whenMoreCommandsForItsPartitionArrive_thenTheyLeaveTogetherAfterTheAcknowledgement() {
        // given
        List<String> keys = keysOfOnePartition(4);
        submit(keys.get(0), 1);

        // when
        submit(keys.get(1), 2);
        submit(keys.get(2), 3);
        submit(keys.get(3), 4);

        // then: they wait for the record in flight
        assertThat(sent).hasSize(1);
        acknowledge(0);
        assertThat(sent).hasSize(2);
        ProducerRecord<String, byte[]> batchRecord = sent.get(1);
        assertThat(batchRecord.key()).isEqualTo(keys.get(1));
        assertThat(batchRecord.partition()).isEqualTo(CommandBatches.partitionOf(keys.get(1), PARTITIONS));
        CommandBatch batch = CommandBatches.SERDE.decode(batchRecord.value());
        assertThat(batch.getItems()).extracting(BatchedCommand::getKey).containsExactly(keys.get(1), keys.get(2), keys.get(3));
        assertThat(batch.getItems()).extracting(item -> bytes(item.getValue()))
                .containsExactly(value(2), value(3), value(4));
        assertThat(batch.getItems().get(1).getHeaders()).singleElement().satisfies(header -> {
            assertThat(header.getKey()).isEqualTo("trace");
            assertThat(new String(bytes(header.getValue()), StandardCharsets.UTF_8)).isEqualTo("trace-" + keys.get(2));
        });
        assertThat(batch.getItems()).allSatisfy(item -> assertThat(item.getTimestampMs()).isEqualTo(1_000L));
        assertThat(outcomes).containsOnlyKeys(keys.get(0)); // the batch is not acknowledged yet

        acknowledge(1);
        assertThat(outcomes).containsOnlyKeys(keys);
        assertThat(batchSizes).containsExactly(1, 3);
    }

    @Test
    void givenARecordInFlightOnOnePartition_whenACommandForAnotherArrives_thenItDoesNotWait() {
        // given
        submit("a", 1);
        String other = "b";
        for (int i = 0; CommandBatches.partitionOf(other, PARTITIONS) == CommandBatches.partitionOf("a", PARTITIONS); i++) {
            other = "b" + i;
        }

        // when
        submit(other, 2);

        // then
        assertThat(sent).extracting(ProducerRecord::key).containsExactly("a", other);
    }

    @Test
    void givenManyWaitingCommands_whenTheyLeave_thenEachRecordStaysUnderTheByteLimit() {
        // given: a record in flight and enough waiting commands of 100 KB for about two batches
        List<String> keys = keysOfOnePartition(10);
        submit(keys.get(0), 1);
        for (int i = 1; i < keys.size(); i++) {
            submit(keys.get(i), new byte[100 * 1024]);
        }

        // when
        acknowledge(0);
        acknowledge(1);

        // then: 5 + 4 commands of 100 KB, each batch under 512 KB, in arrival order
        assertThat(sent).hasSize(3);
        assertThat(CommandBatches.SERDE.decode(sent.get(1).value()).getItems()).extracting(BatchedCommand::getKey)
                .containsExactlyElementsOf(keys.subList(1, 6));
        assertThat(CommandBatches.SERDE.decode(sent.get(2).value()).getItems()).extracting(BatchedCommand::getKey)
                .containsExactlyElementsOf(keys.subList(6, 10));
    }

    @Test
    void givenABatchInFlight_whenKafkaFailsIt_thenEveryCommandItCarriedFailsAndTheLaneGoesOn() {
        // given
        List<String> keys = keysOfOnePartition(4);
        submit(keys.get(0), 1);
        submit(keys.get(1), 2);
        submit(keys.get(2), 3);
        acknowledge(0);

        // when: the batch of two fails while a fourth command waits
        submit(keys.get(3), 4);
        unacknowledged.get(1).onCompletion(null, new IllegalStateException("broker gone"));

        // then
        assertThat(outcomes).containsEntry(keys.get(1), "broker gone").containsEntry(keys.get(2), "broker gone");
        assertThat(sent).hasSize(3);
        acknowledge(2);
        assertThat(outcomes.get(keys.get(3))).startsWith("ok@");
    }

    @Test
    void givenABulkBatchAndTwoSinglesInOneLane_whenTheirRecordsAreAcknowledged_thenEachRecordsTransfersAreTold() {
        // given a bulk batch of 1,000 transfers sent alone, and two single transfers waiting behind it
        List<String> keys = keysOfOnePartition(3);
        int partition = CommandBatches.partitionOf(keys.get(0), PARTITIONS);
        coalescer.submit(command(keys.get(0), value(1), 1_000));
        coalescer.submit(command(keys.get(1), value(2)));
        coalescer.submit(command(keys.get(2), value(3)));

        // when both records are acknowledged (at offsets 0 and 1: the test's acknowledgement uses the index)
        acknowledge(0);
        acknowledge(1);

        // then the gateway is told 1,000 transfers at the first offset and 2 at the second
        assertThat(written).containsExactly(partition + "@0:1000", partition + "@1:2");
    }

    @Test
    void givenGroupingOff_whenABulkBatchIsAcknowledged_thenItsTransfersAreTold_butNotWhenItFailed() {
        CommandCoalescer ungrouped = new CommandCoalescer(TOPIC, PARTITIONS, (record, callback) -> {
            sent.add(record);
            unacknowledged.add(callback);
        }, Runnable::run, batchSizes::add, this::written, false);
        ungrouped.submit(command("b-1", value(1), 250));
        ungrouped.submit(command("b-2", value(2), 40));

        // when the first is acknowledged and the second fails
        acknowledge(0);
        unacknowledged.get(1).onCompletion(null, new RuntimeException("broker down"));

        // then only the acknowledged record is told, with its own transfers
        assertThat(written).containsExactly(sent.get(0).partition() + "@0:250");
        assertThat(outcomes).containsEntry("b-2", "broker down");
    }

    @Test
    void givenTheGatewayClosing_whenALaneCannotGoOn_thenTheWaitingCommandsFailInsteadOfHanging() {
        // given: a coalescer whose executor no longer takes work
        CommandCoalescer closing = new CommandCoalescer(TOPIC, PARTITIONS, (record, callback) -> {
            sent.add(record);
            unacknowledged.add(callback);
        }, task -> {
            throw new RejectedExecutionException("closed");
        }, batchSizes::add, this::written, true);
        List<String> keys = keysOfOnePartition(2);
        closing.submit(command(keys.get(0), value(1)));
        closing.submit(command(keys.get(1), value(2)));

        // when
        acknowledge(0);

        // then
        assertThat(outcomes).containsEntry(keys.get(1), "closed");
        assertThat(sent).hasSize(1);
    }

    private void submit(String key, int value) {
        submit(key, value(value));
    }

    private void submit(String key, byte[] value) {
        coalescer.submit(command(key, value));
    }

    private void written(int partition, long offset, int transfers) {
        written.add(partition + "@" + offset + ":" + transfers);
    }

    private CommandCoalescer.Command command(String key, byte[] value) {
        return command(key, value, 1);
    }

    private CommandCoalescer.Command command(String key, byte[] value, int transfers) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", ("trace-" + key).getBytes(StandardCharsets.UTF_8));
        return new CommandCoalescer.Command(key, value, headers, 1_000L, transfers, (metadata, error) ->
                outcomes.put(key, error == null ? "ok@" + metadata.partition() : error.getMessage()));
    }

    private void acknowledge(int index) {
        ProducerRecord<String, byte[]> record = sent.get(index);
        unacknowledged.get(index).onCompletion(
                new RecordMetadata(new TopicPartition(TOPIC, record.partition()), index, 0, 0L, 0, 0), null);
    }

    private static List<String> keysOfOnePartition(int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; keys.size() < count; i++) {
            if (CommandBatches.partitionOf("t-" + i, PARTITIONS) == 0) {
                keys.add("t-" + i);
            }
        }
        return keys;
    }

    private static byte[] value(int n) {
        return ("command-" + n).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
