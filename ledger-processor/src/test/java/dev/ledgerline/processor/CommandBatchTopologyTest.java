package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ledgerline.core.Ids;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.CommandBatches;
import dev.ledgerline.schemas.DeadLetters;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.schemas.TransactionGroups;
import dev.ledgerline.wire.v1.BalanceCommand;
import dev.ledgerline.wire.v1.BatchedCommand;
import dev.ledgerline.wire.v1.CommandBatch;
import dev.ledgerline.wire.v1.RecordTransaction;
import dev.ledgerline.wire.v1.TransactionCommand;
import dev.ledgerline.wire.v1.TransactionSpec;

/**
 * The internal commands one input yields for one partition travel as one batch record, and every command of a
 * batch is handled as if it had been its own record: same results, failures set aside one command at a time.
 */
class CommandBatchTopologyTest {

    private static final AvroSerde<TransactionCommand> COMMANDS = AvroSerde.of(TransactionCommand.class);

    private LedgerDriver ledger;

    @BeforeEach
    void start() throws Exception {
        // these tests read the legs off their topic: none may be handed off locally
        ledger = new LedgerDriver(dev.ledgerline.schemas.TopicSetup.DEFAULT_PARTITIONS, false);
    }

    @AfterEach
    void stop() throws Exception {
        ledger.close();
    }

    @Test
    void aBulkBatchsLegsTravelAsBatchesAndEveryItemIsApplied() {
        // given 12 funded sources and 12 destinations
        List<String> sources = IntStream.range(0, 12).mapToObj(i -> ledger.fundedBalance("1000")).toList();
        String shop = ledger.createLedger("shop");
        List<String> destinations = IntStream.range(0, 12).mapToObj(i -> ledger.createBalance(shop, "USD")).toList();
        ledger.newBalanceCommandRecords();

        // when a non-atomic bulk batch of 120 items, 10 from each source, is started
        String batch = Ids.bulkBatchId(UUID.randomUUID());
        List<TransactionSpec> items = IntStream.range(0, 120).mapToObj(i -> TransactionGroups.bulkItem(
                LedgerDriver.spec(batch + "-item-" + i, sources.get(i % 12), destinations.get(i % 12), "7", false,
                        spec -> { }), batch, i + 1, false, false)).toList();
        ledger.startGroup(batch, TransactionGroups.BULK, "", false, false, items);

        // then every item is applied and the money moved exactly once per item
        IntStream.range(0, 120).forEach(i ->
                assertThat(ledger.outcome(batch + "-item-" + i).getStatus()).as("item %d", i).isEqualTo("APPLIED"));
        sources.forEach(source -> assertThat(ledger.balance(source)).isEqualTo(new BigInteger("930")));
        destinations.forEach(destination -> assertThat(ledger.balance(destination)).isEqualTo(new BigInteger("70")));

        // and the legs between balances went as far fewer records than commands, some of them batches
        List<KeyValue<String, byte[]>> records = ledger.newBalanceCommandRecords();
        List<KeyValue<String, BalanceCommand>> commands = LedgerDriver.commandsIn(records);
        assertThat(commands).hasSizeGreaterThanOrEqualTo(240); // a start and a credit (or a check) per item
        assertThat(records.stream().filter(r -> CommandBatches.isBatch(r.value))).isNotEmpty();
        assertThat(records).hasSizeLessThan(commands.size() / 2);
    }

    @Test
    void aLegIsWrittenWithTheTimeItsTransferWasAcceptedSoItIsReadBeforeNewerCommands() {
        // given two funded balances and a transfer the gateway accepted an hour ago (a backlog)
        String alice = ledger.fundedBalance("1000");
        String bob = ledger.createBalance(ledger.createLedger("shop"), "USD");
        ledger.newBalanceCommandRecords();
        TransactionSpec transfer = LedgerDriver.spec("accepted-an-hour-ago", alice, bob, "100", false, spec -> { });
        Instant acceptedAt = Instant.now().minus(Duration.ofHours(1));
        long beforeProcessing = System.currentTimeMillis();

        // when the task reads it now
        ledger.driver.createInputTopic(Topics.TRANSACTION_COMMANDS, new StringSerializer(), new ByteArraySerializer())
                .pipeInput(transfer.getTransactionId(), command(transfer), acceptedAt);

        // then the legs it sent on carry the hour-old acceptance as their record time (a task reads its partitions
        // oldest first, so they go before commands accepted since), while each command inside keeps the time it was
        // written, the "now" its stage decides with
        assertThat(ledger.outcome("accepted-an-hour-ago").getStatus()).isEqualTo("APPLIED");
        List<TestRecord<String, byte[]>> legs = ledger.newBalanceCommandTestRecords();
        assertThat(legs).isNotEmpty().allSatisfy(leg -> {
            assertThat(leg.timestamp()).isEqualTo(acceptedAt.toEpochMilli());
            assertThat(CommandBatches.isBatch(leg.value())).as("a single leg travels as a batch of one").isTrue();
            assertThat(CommandBatches.SERDE.decode(leg.value()).getItems())
                    .allSatisfy(item -> assertThat(item.getTimestampMs()).isGreaterThanOrEqualTo(beforeProcessing));
        });
    }

    @Test
    void everyCommandOfABatchIsHandledOnItsOwnAndABadOneIsSetAsideAlone() {
        // given two funded balances and a batch of three transfer commands whose middle one is corrupt
        String alice = ledger.fundedBalance("1000");
        String bob = ledger.createBalance(ledger.createLedger("shop"), "USD");
        TransactionSpec first = LedgerDriver.spec("batched-1", alice, bob, "100", false, spec -> { });
        TransactionSpec third = LedgerDriver.spec("batched-3", alice, bob, "250", false, spec -> { });
        byte[] corrupt = "\u0000not a command".getBytes(StandardCharsets.UTF_8);
        byte[] batch = CommandBatches.SERDE.encode(new CommandBatch(List.of(
                item(first.getTransactionId(), command(first)),
                item("txn_corrupt", corrupt),
                item(third.getTransactionId(), command(third)))));
        TestOutputTopic<String, byte[]> deadLetters = ledger.driver.createOutputTopic(Topics.DEAD_LETTERS,
                new StringDeserializer(), new ByteArrayDeserializer());

        // when the batch arrives on the command topic
        ledger.driver.createInputTopic(Topics.TRANSACTION_COMMANDS, new StringSerializer(), new ByteArraySerializer())
                .pipeInput(first.getTransactionId(), batch);

        // then the two good commands are applied, in order
        assertThat(ledger.outcome("batched-1").getStatus()).isEqualTo("APPLIED");
        assertThat(ledger.outcome("batched-3").getStatus()).isEqualTo("APPLIED");
        assertThat(ledger.balance(alice)).isEqualTo(new BigInteger("650"));
        assertThat(ledger.balance(bob)).isEqualTo(new BigInteger("350"));

        // and only the corrupt one is set aside, as the record it would have been on its own
        List<TestRecord<String, byte[]>> setAside = deadLetters.readRecordsToList();
        assertThat(setAside).hasSize(1);
        assertThat(setAside.get(0).key()).isEqualTo("txn_corrupt");
        assertThat(setAside.get(0).value()).isEqualTo(corrupt);
        assertThat(DeadLetters.header(setAside.get(0).headers(), DeadLetters.REASON)).contains("UNDECODABLE");
    }

    @Test
    void aBatchThatCannotBeDecodedIsSetAsideWhole() {
        // given bytes that start like a batch but are not one
        byte[] valid = CommandBatches.SERDE.encode(new CommandBatch(List.of(item("txn_x", new byte[] {1}))));
        byte[] broken = java.util.Arrays.copyOf(valid, 11);
        broken[10] = (byte) 0x7f; // an item count that runs past the end
        TestOutputTopic<String, byte[]> deadLetters = ledger.driver.createOutputTopic(Topics.DEAD_LETTERS,
                new StringDeserializer(), new ByteArrayDeserializer());

        // when it arrives on the balance command topic
        ledger.driver.createInputTopic(Topics.BALANCE_COMMANDS, new StringSerializer(), new ByteArraySerializer())
                .pipeInput("bln_x", broken);

        // then it is set aside whole, and the ledger carries on
        TestRecord<String, byte[]> setAside = deadLetters.readRecord();
        assertThat(setAside.value()).isEqualTo(broken);
        String alice = ledger.fundedBalance("5");
        assertThat(ledger.balance(alice)).isEqualTo(new BigInteger("5"));
    }

    private static byte[] command(TransactionSpec spec) {
        return COMMANDS.encode(new TransactionCommand(UUID.randomUUID().toString(), LedgerDriver.START.toEpochMilli(),
                new RecordTransaction(spec, false)));
    }

    private static BatchedCommand item(String key, byte[] value) {
        return new BatchedCommand(key, LedgerDriver.START.toEpochMilli(), new ArrayList<>(), ByteBuffer.wrap(value));
    }
}
