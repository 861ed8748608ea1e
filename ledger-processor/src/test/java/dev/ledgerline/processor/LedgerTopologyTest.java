package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ledgerline.core.Canonical;
import dev.ledgerline.core.Ids;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.BalanceState;
import dev.ledgerline.wire.v1.CreateBalance;
import dev.ledgerline.wire.v1.CreateLedger;
import dev.ledgerline.wire.v1.LedgerCommand;
import dev.ledgerline.wire.v1.LedgerRecord;
import dev.ledgerline.wire.v1.RecordTransaction;
import dev.ledgerline.wire.v1.Reply;
import dev.ledgerline.wire.v1.TransactionCommand;
import dev.ledgerline.wire.v1.TransactionRecord;
import dev.ledgerline.wire.v1.TransactionSpec;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Drives the real topology (LedgerTopology.build) through TopologyTestDriver: commands in, events,
 * replies and store contents out. Internal leg topics are piped back by the driver, so one input
 * runs the whole multi-stage flow.
 */
class LedgerTopologyTest {

    private static final AvroSerde<LedgerCommand> LEDGER_COMMANDS = AvroSerde.of(LedgerCommand.class);
    private static final AvroSerde<TransactionCommand> TRANSACTION_COMMANDS = AvroSerde.of(TransactionCommand.class);

    private TopologyTestDriver driver;
    private Path stateDir;
    private TestInputTopic<String, byte[]> ledgerCommands;
    private TestInputTopic<String, byte[]> transactionCommands;
    private TestOutputTopic<String, Reply> replies;
    private TestOutputTopic<String, LedgerRecord> ledgers;
    private TestOutputTopic<String, BalanceEntry> entries;
    private TestOutputTopic<String, TransactionRecord> transactions;
    private final List<BalanceEntry> allEntries = new java.util.ArrayList<>();
    private final List<TransactionRecord> allTransactions = new java.util.ArrayList<>();

    @BeforeEach
    void startDriver() throws Exception {
        stateDir = Files.createTempDirectory("ledger-topology-test");
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "ledger-topology-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(LedgerTopology.build(new ProcessorMetrics(new SimpleMeterRegistry())), config);
        StringSerializer keys = new StringSerializer();
        ledgerCommands = driver.createInputTopic(Topics.LEDGER_COMMANDS, keys, new ByteArraySerializer());
        transactionCommands = driver.createInputTopic(Topics.TRANSACTION_COMMANDS, keys, new ByteArraySerializer());
        StringDeserializer keysOut = new StringDeserializer();
        replies = driver.createOutputTopic(Topics.REPLIES, keysOut, AvroSerde.of(Reply.class).deserializer());
        ledgers = driver.createOutputTopic(Topics.LEDGERS, keysOut, AvroSerde.of(LedgerRecord.class).deserializer());
        entries = driver.createOutputTopic(Topics.ENTRIES, keysOut, AvroSerde.of(BalanceEntry.class).deserializer());
        transactions = driver.createOutputTopic(Topics.TRANSACTIONS, keysOut,
                AvroSerde.of(TransactionRecord.class).deserializer());
    }

    @AfterEach
    void closeDriver() throws Exception {
        driver.close();
        try (var paths = Files.walk(stateDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void createsALedgerAndRepliesOk() {
        // when
        String ledgerId = createLedger("Customer Wallets");

        // then
        assertThat(ledgers.readValuesToList()).extracting(LedgerRecord::getLedgerId).containsExactly(ledgerId);
        assertThat(replies.readValuesToList()).singleElement().satisfies(r -> assertThat(r.getOk()).isTrue());
    }

    @Test
    void refusesABalanceInAnUnknownLedger() {
        // when
        createBalance("ldg_missing", "USD");

        // then
        Reply reply = replies.readValue();
        assertThat(reply.getOk()).isFalse();
        assertThat(reply.getCode()).isEqualTo("LEDGER_NOT_FOUND");
        assertThat(drainEntries()).isEmpty();
    }

    @Test
    void movesMoneyFromWorldToAliceToBobAndBalancesSumToZero() {
        // given
        String ledgerId = createLedger("wallets");
        String alice = createBalance(ledgerId, "USD");
        String bob = createBalance(ledgerId, "USD");

        // when
        transfer("fund-alice", "@World", alice, "10000", true);
        transfer("alice-to-bob", alice, bob, "2500", false);

        // then
        String world = Ids.indicatorBalanceId("@World", "USD");
        assertThat(balance(alice)).isEqualTo(new BigInteger("7500"));
        assertThat(balance(bob)).isEqualTo(new BigInteger("2500"));
        assertThat(balance(world)).isEqualTo(new BigInteger("-10000"));
        assertThat(outcome("fund-alice").getStatus()).isEqualTo("APPLIED");
        assertThat(outcome("alice-to-bob").getStatus()).isEqualTo("APPLIED");
        assertThat(outcome("alice-to-bob").getParentTransaction()).isEqualTo(Ids.transactionIdForReference("alice-to-bob"));
        assertChainsValid(drainEntries());
    }

    @Test
    void rejectsInsufficientFundsAndChangesNothing() {
        // given
        String ledgerId = createLedger("wallets");
        String alice = createBalance(ledgerId, "USD");
        String bob = createBalance(ledgerId, "USD");
        transfer("fund-alice", "@World", alice, "100", true);
        BalanceState aliceBefore = store().get(alice);

        // when
        transfer("too-much", alice, bob, "101", false);

        // then
        TransactionRecord outcome = outcome("too-much");
        assertThat(outcome.getStatus()).isEqualTo("REJECTED");
        assertThat(outcome.getRejectionCode()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(store().get(alice)).isEqualTo(aliceBefore);
        assertThat(balance(bob)).isZero();
    }

    @Test
    void rejectsAnUnknownDestinationBeforeDebitingTheSource() {
        // given
        String ledgerId = createLedger("wallets");
        String alice = createBalance(ledgerId, "USD");
        transfer("fund-alice", "@World", alice, "100", true);
        BalanceState aliceBefore = store().get(alice);

        // when
        transfer("to-nowhere", alice, "bln_" + UUID.randomUUID(), "10", false);

        // then
        assertThat(outcome("to-nowhere").getRejectionCode()).isEqualTo("DESTINATION_NOT_FOUND");
        assertThat(store().get(alice)).isEqualTo(aliceBefore);
    }

    @Test
    void rejectsACurrencyMismatch() {
        // given
        String ledgerId = createLedger("wallets");
        String euros = createBalance(ledgerId, "EUR");

        // when
        transfer("usd-into-eur", "@World", euros, "100", true);

        // then
        assertThat(outcome("usd-into-eur").getRejectionCode()).isEqualTo("DESTINATION_CURRENCY_MISMATCH");
        assertThat(balance(euros)).isZero();
    }

    @Test
    void appliesADuplicateReferenceOnlyOnceAndReportsIt() {
        // given
        String ledgerId = createLedger("wallets");
        String alice = createBalance(ledgerId, "USD");

        // when
        transfer("same-ref", "@World", alice, "100", true);
        transfer("same-ref", "@World", alice, "100", true);

        // then
        assertThat(balance(alice)).isEqualTo(new BigInteger("100"));
        List<TransactionRecord> records = drainTransactions();
        assertThat(records).filteredOn(r -> r.getStatus().equals("REJECTED"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.getRejectionCode()).isEqualTo("DUPLICATE_REFERENCE");
                    assertThat(r.getParentTransaction()).isEqualTo(Ids.transactionIdForReference("same-ref"));
                });
        assertThat(records).filteredOn(r -> r.getStatus().equals("APPLIED")).hasSize(1);
    }

    @Test
    void carriesAmountsBeyondSixtyFourBitsExactly() {
        // given
        String ledgerId = createLedger("wallets");
        String alice = createBalance(ledgerId, "USD");
        String huge = "123456789012345678901234567890";

        // when
        transfer("huge", "@World", alice, huge, true);

        // then
        assertThat(balance(alice)).isEqualTo(new BigInteger(huge));
    }

    // --- helpers -------------------------------------------------------------------------------

    private String createLedger(String name) {
        String ledgerId = Ids.ledgerId(UUID.randomUUID());
        ledgerCommands.pipeInput(ledgerId, LEDGER_COMMANDS.encode(new LedgerCommand(UUID.randomUUID().toString(), 1L,
                new CreateLedger(ledgerId, name, "{}", 1L))));
        return ledgerId;
    }

    private String createBalance(String ledgerId, String currency) {
        String balanceId = Ids.balanceId(UUID.randomUUID());
        ledgerCommands.pipeInput(ledgerId, LEDGER_COMMANDS.encode(new LedgerCommand(UUID.randomUUID().toString(), 1L,
                new CreateBalance(balanceId, ledgerId, currency, null, "", "{}", 1L))));
        return balanceId;
    }

    private void transfer(String reference, String source, String destination, String amount, boolean allowOverdraft) {
        String transactionId = Ids.transactionIdForReference(reference);
        TransactionSpec spec = TransactionSpec.newBuilder()
                .setTransactionId(transactionId)
                .setReference(reference)
                .setSource(source)
                .setDestination(destination)
                .setSourceId(resolve(source))
                .setDestinationId(resolve(destination))
                .setPreciseAmount(amount)
                .setPrecision(100)
                .setCurrency("USD")
                .setAllowOverdraft(allowOverdraft)
                .setCreatedAtMs(1_000L)
                .build();
        transactionCommands.pipeInput(transactionId, TRANSACTION_COMMANDS.encode(new TransactionCommand(
                UUID.randomUUID().toString(), 1_000L, new RecordTransaction(spec, false))));
    }

    private static String resolve(String identifier) {
        return Ids.isIndicator(identifier) ? Ids.indicatorBalanceId(identifier, "USD") : identifier;
    }

    private KeyValueStore<String, BalanceState> store() {
        return driver.getKeyValueStore(StoreNames.BALANCES_STORE);
    }

    private BigInteger balance(String balanceId) {
        BalanceState state = store().get(balanceId);
        return new BigInteger(state.getCreditBalance()).subtract(new BigInteger(state.getDebitBalance()));
    }

    private TransactionRecord outcome(String reference) {
        return drainTransactions().stream().filter(r -> r.getReference().equals(reference + "_q")).findFirst()
                .orElseThrow(() -> new AssertionError("no outcome record for " + reference));
    }

    private List<TransactionRecord> drainTransactions() {
        allTransactions.addAll(transactions.readValuesToList());
        return allTransactions;
    }

    private List<BalanceEntry> drainEntries() {
        allEntries.addAll(entries.readValuesToList());
        return allEntries;
    }

    /** Every balance's entries: versions 0,1,2,... and each hash links to the previous one. */
    private static void assertChainsValid(List<BalanceEntry> entries) {
        Map<String, BalanceEntry> heads = new HashMap<>();
        for (BalanceEntry entry : entries) {
            BalanceEntry previous = heads.get(entry.getBalanceId());
            long expectedVersion = previous == null ? 0 : previous.getVersion() + 1;
            String expectedPrev = previous == null ? Canonical.GENESIS_HASH : previous.getHash();
            assertThat(entry.getVersion()).as("version of %s", entry.getBalanceId()).isEqualTo(expectedVersion);
            assertThat(entry.getPrevHash()).as("prev_hash of %s@%d", entry.getBalanceId(), entry.getVersion())
                    .isEqualTo(expectedPrev);
            heads.put(entry.getBalanceId(), entry);
        }
    }
}
