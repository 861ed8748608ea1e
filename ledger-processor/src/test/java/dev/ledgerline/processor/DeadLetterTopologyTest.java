package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ledgerline.schemas.DeadLetters;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.BalanceCommand;
import dev.ledgerline.wire.v1.InflightLeg;
import dev.ledgerline.wire.v1.LegOutcome;
import dev.ledgerline.wire.v1.Reply;
import dev.ledgerline.schemas.AvroSerde;

/** Whatever reaches an input topic, no record stops a stage: a bad one is set aside and the next is handled. */
class DeadLetterTopologyTest {

    private LedgerDriver ledger;
    private TestOutputTopic<String, byte[]> deadLetters;

    @BeforeEach
    void start() throws Exception {
        ledger = new LedgerDriver();
        deadLetters = ledger.driver.createOutputTopic(Topics.DEAD_LETTERS, new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() throws Exception {
        ledger.close();
    }

    @Test
    void undecodableRecordsOnEveryInputTopicAreSetAsideWholeAndTheLedgerCarriesOn() {
        // Given a funded balance
        String alice = ledger.fundedBalance("1000");
        String bob = ledger.createBalance(ledger.createLedger("shop"), "USD");

        // When bytes that are no record of their topic's type arrive on each input topic
        byte[] garbage = "\u0000\u0001not avro at all".getBytes(StandardCharsets.UTF_8);
        for (String topic : Topics.PROCESSOR_INPUTS) {
            ledger.driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer())
                    .pipeInput("key-" + topic, garbage);
        }

        // Then each is in the dead-letter topic, unchanged, with where it came from and why
        List<TestRecord<String, byte[]>> setAside = deadLetters.readRecordsToList();
        assertThat(setAside).hasSize(Topics.PROCESSOR_INPUTS.size());
        assertThat(setAside).allSatisfy(record -> {
            assertThat(record.value()).isEqualTo(garbage);
            assertThat(header(record.headers(), DeadLetters.REASON)).isEqualTo("UNDECODABLE");
            assertThat(record.key()).isEqualTo("key-" + header(record.headers(), DeadLetters.SOURCE_TOPIC));
            assertThat(header(record.headers(), DeadLetters.CONSUMER)).startsWith("ledger-processor/");
            assertThat(header(record.headers(), DeadLetters.DETAIL)).contains("UndecodableRecordException");
        });
        assertThat(setAside).extracting(record -> header(record.headers(), DeadLetters.SOURCE_TOPIC))
                .containsExactlyInAnyOrderElementsOf(Topics.PROCESSOR_INPUTS);

        // And the next transfer is applied as usual
        ledger.transfer("after-garbage", alice, bob, "300", false);
        assertThat(ledger.outcome("after-garbage").getStatus()).isEqualTo("APPLIED");
        assertThat(ledger.balance(alice)).isEqualTo(new BigInteger("700"));
        assertThat(ledger.balance(bob)).isEqualTo(new BigInteger("300"));
    }

    @Test
    void aRecordThatDecodesButCannotBeHandledIsSetAsideAsAProcessingFailure() {
        // Given a leg outcome for a transaction no coordinator has seen (a bug or a foreign writer)
        LegOutcome orphan = LegOutcome.newBuilder().setTransactionId("txn_nobody").setStatus("APPLIED")
                .setRejectionCode(null).setDecidedAtMs(1L).build();
        byte[] bytes = AvroSerde.of(LegOutcome.class).encode(orphan);

        // When it arrives
        ledger.driver.createInputTopic(Topics.TRANSACTION_OUTCOMES, new StringSerializer(), new ByteArraySerializer())
                .pipeInput("txn_nobody", bytes);

        // Then it is set aside with the processing failure, and the coordinator goes on
        TestRecord<String, byte[]> setAside = deadLetters.readRecord();
        assertThat(header(setAside.headers(), DeadLetters.REASON)).isEqualTo("PROCESSING_FAILED");
        assertThat(header(setAside.headers(), DeadLetters.CONSUMER)).isEqualTo("ledger-processor/transaction-coordinator");
        assertThat(setAside.value()).isEqualTo(bytes);
        String alice = ledger.fundedBalance("50");
        assertThat(ledger.balance(alice)).isEqualTo(new BigInteger("50"));
    }

    @Test
    void aSetAsideCommandThatSomeoneWaitsForIsAnsweredWithTheFailureNotLeftToTimeOut() {
        // Given a funded balance, and a hold settlement for it that the worker cannot handle (no amount a number)
        String alice = ledger.fundedBalance("100");
        String bob = ledger.createBalance(ledger.createLedger("shop"), "USD");
        BalanceCommand unhandled = new BalanceCommand("req-waiting", new InflightLeg(
                LedgerDriver.spec("set-aside", alice, bob, "10", false, spec -> { }), "commit", "not-a-number", 1,
                "source", null));

        // When it arrives carrying the request id of a waiting gateway
        ledger.driver.createInputTopic(Topics.BALANCE_COMMANDS, new StringSerializer(), new ByteArraySerializer())
                .pipeInput(alice, AvroSerde.of(BalanceCommand.class).encode(unhandled));

        // Then it is set aside, and the waiter is told so at once, with nothing of the stage applied
        assertThat(header(deadLetters.readRecord().headers(), DeadLetters.REASON)).isEqualTo("PROCESSING_FAILED");
        Reply answer = ledger.reply("req-waiting");
        assertThat(answer.getOk()).isFalse();
        assertThat(answer.getCode()).isEqualTo(Replies.SET_ASIDE);
        assertThat(answer.getMessage()).contains("balance-worker").contains("set it aside");
        assertThat(ledger.balance(alice)).isEqualTo(new BigInteger("100"));
    }

    @Test
    void aSetAsideRecordWithoutARequestIdAnswersNobody() {
        // Given an undecodable command and a command nobody waits for (no request id)
        String alice = ledger.fundedBalance("100");
        String bob = ledger.createBalance(ledger.createLedger("shop"), "USD");
        BalanceCommand unwaited = new BalanceCommand(null, new InflightLeg(
                LedgerDriver.spec("unwaited", alice, bob, "10", false, spec -> { }), "commit", "x", 1, "source", null));
        int before = ledger.replies().size();

        // When both are set aside
        var input = ledger.driver.createInputTopic(Topics.BALANCE_COMMANDS, new StringSerializer(),
                new ByteArraySerializer());
        input.pipeInput(alice, AvroSerde.of(BalanceCommand.class).encode(unwaited));
        input.pipeInput(alice, "garbage".getBytes(StandardCharsets.UTF_8));

        // Then no reply is written for either
        assertThat(deadLetters.readRecordsToList()).hasSize(2);
        assertThat(ledger.replies()).hasSize(before);
    }

    private static String header(Headers headers, String key) {
        return DeadLetters.header(headers, key).orElseThrow();
    }
}
