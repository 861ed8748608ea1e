package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ledgerline.projection.deadletters.DeadLetterMain;
import dev.ledgerline.projection.deadletters.DeadLetterTool;
import dev.ledgerline.schemas.DeadLetters;
import dev.ledgerline.schemas.Topics;

/*
 * Goal: whatever gets into a topic, no record stalls a consumer or stops the processor; what is set aside can be
 * listed and replayed. Method: the whole stack; bytes that are no record of their type go straight onto every
 * processor input topic and onto ledger.transactions (as a corrupt segment or a foreign writer would put them),
 * then an ordinary transfer follows.
 */
class DeadLetterIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static LedgerlineStack stack;
    private static Ledger ledger;

    @BeforeAll
    static void startStack() throws Exception {
        stack = LedgerlineStack.get();
        ledger = new Ledger(stack);
    }

    @Test
    void corruptRecordsOnEveryInputAreSetAsideTheLedgerCarriesOnAndTheyCanBeListedAndReplayed() throws Exception {
        // Given two balances
        String run = UUID.randomUUID().toString().substring(0, 8);
        String alice = ledger.fundedBalance("1000");
        String bob = ledger.createBalance(ledger.createLedger("dead-letters-" + run), "USD");
        List<String> poisoned = new ArrayList<>(Topics.PROCESSOR_INPUTS);
        poisoned.add(Topics.TRANSACTIONS);

        // When corrupt records arrive on every processor input and on a public topic the projection reads
        byte[] garbage = ("\u0000\u0001corrupt " + run).getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (String topic : poisoned) {
                producer.send(new ProducerRecord<>(topic, "poison-" + run, garbage)).get();
            }
        }
        // and an ordinary transfer follows
        ledger.postTransaction(run + "-after", alice, bob, "250", false);

        // Then the transfer is applied and readable: nothing was held up
        assertThat(ledger.awaitOutcome(run + "-after").get("status").asString()).isEqualTo("APPLIED");
        ledger.awaitBalanceFields(bob, b -> b.get("balance").asLong() == 250);

        // And every corrupt record is in the dead-letter topic, whole, naming its source
        DeadLetterTool tool = new DeadLetterTool(stack.bootstrapServers());
        List<DeadLetterTool.DeadLetter> ours = awaitLetters(tool, run, poisoned.size());
        assertThat(ours).extracting(DeadLetterTool.DeadLetter::sourceTopic).containsExactlyInAnyOrderElementsOf(poisoned);
        assertThat(ours).allSatisfy(letter -> {
            assertThat(letter.value()).isEqualTo(garbage);
            assertThat(letter.reason()).isEqualTo("UNDECODABLE");
        });

        // And both consumers say so on /health, still answering 200
        for (String service : List.of(stack.processor(), stack.projection())) {
            Http.Response health = Http.get(service + "/health");
            assertThat(health.status()).as(health.raw()).isEqualTo(200);
            assertThat(health.body().get("status").asString()).as(health.raw()).isEqualTo("DEGRADED");
            assertThat(health.body().get("reason").asString()).contains(Topics.DEAD_LETTERS);
        }

        // And the documented command lists them
        ByteArrayOutputStream listed = new ByteArrayOutputStream();
        int listExit = runTool(new String[] {"list", "--bootstrap-servers", stack.bootstrapServers()}, listed);
        assertThat(listExit).isZero();
        for (DeadLetterTool.DeadLetter letter : ours) {
            assertThat(listed.toString(StandardCharsets.UTF_8)).contains(letter.address() + "  ")
                    .contains("from " + letter.source());
        }

        // When one is replayed (its cause is not fixed here, so it fails again)
        DeadLetterTool.DeadLetter command = ours.stream()
                .filter(letter -> letter.sourceTopic().equals(Topics.TRANSACTION_COMMANDS)).findFirst().orElseThrow();
        ByteArrayOutputStream replayed = new ByteArrayOutputStream();
        int replayExit = runTool(new String[] {"replay", command.address(), "--bootstrap-servers",
                stack.bootstrapServers()}, replayed);

        // Then it went back to its source topic and, failing again, was set aside again, saying where it came from
        assertThat(replayExit).as(replayed.toString(StandardCharsets.UTF_8)).isZero();
        List<DeadLetterTool.DeadLetter> again = awaitLetters(tool, run, poisoned.size() + 1);
        assertThat(again).filteredOn(letter -> DeadLetters.header(letter.record().headers(), DeadLetters.REPLAYED_FROM)
                        .equals(java.util.Optional.of(Long.toString(command.offset()))))
                .singleElement()
                .satisfies(letter -> assertThat(letter.sourceTopic()).isEqualTo(Topics.TRANSACTION_COMMANDS));

        // And the ledger still works
        ledger.postTransaction(run + "-last", alice, bob, "50", false);
        assertThat(ledger.awaitOutcome(run + "-last").get("status").asString()).isEqualTo("APPLIED");
    }

    private static List<DeadLetterTool.DeadLetter> awaitLetters(DeadLetterTool tool, String run, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<DeadLetterTool.DeadLetter> ours = List.of();
        while (System.nanoTime() < deadline) {
            ours = tool.list(Duration.ofSeconds(30)).stream()
                    .filter(letter -> ("poison-" + run).equals(letter.key())).toList();
            if (ours.size() >= count) {
                return ours;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("expected " + count + " dead letters for " + run + ", found " + ours.size());
    }

    /** What {@code dev/dead-letters.sh} runs, in this JVM. */
    private static int runTool(String[] args, ByteArrayOutputStream out) {
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        return DeadLetterMain.run(args, print, print);
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(props);
    }
}
