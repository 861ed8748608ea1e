package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ledgerline.it.Http.Response;

/**
 * Concurrency without locks: one writer per balance and one owner per reference must hold under
 * many simultaneous HTTP requests.
 */
class ConcurrencyIT {

    private static Ledger ledger;

    @BeforeAll
    static void startStack() throws Exception {
        ledger = new Ledger(LedgerlineStack.get());
    }

    @Test
    void twoHundredConcurrentTransfersOutOfOneBalanceNeverOverdrawIt() throws Exception {
        // given 100.00 and 200 transfers of 1.00 each to several shops: only 100 can apply
        String hot = ledger.fundedBalance("10000");
        String ledgerId = ledger.createLedger("shops");
        List<String> shops = List.of(ledger.createBalance(ledgerId, "USD"), ledger.createBalance(ledgerId, "USD"),
                ledger.createBalance(ledgerId, "USD"));
        String run = UUID.randomUUID().toString();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            bodies.add(Ledger.transferJson(run + "-" + i, hot, shops.get(i % shops.size()), "100", false, ""));
        }

        long commandRecordsBefore = commandRecords();

        // when
        List<Integer> statuses = Http.postConcurrently(ledger.url("/transactions"), bodies);

        // then every request was accepted, exactly 100 applied, and the balance is exactly zero
        assertThat(statuses).containsOnly(201);
        // and the gateway sent concurrent commands for one partition together: fewer records than requests
        assertThat(commandRecords() - commandRecordsBefore).isPositive().isLessThan(200);
        int applied = 0;
        int rejected = 0;
        for (int i = 0; i < 200; i++) {
            String status = ledger.awaitOutcome(run + "-" + i).get("status").asString();
            applied += status.equals("APPLIED") ? 1 : 0;
            rejected += status.equals("REJECTED") ? 1 : 0;
        }
        assertThat(applied).isEqualTo(100);
        assertThat(rejected).isEqualTo(100);
        assertThat(ledger.awaitBalance(hot, BigInteger.ZERO)).isZero();
        BigInteger shopsTotal = BigInteger.ZERO;
        for (String shop : shops) {
            shopsTotal = shopsTotal.add(ledger.balanceOf(shop));
        }
        assertThat(shopsTotal).isEqualTo(new BigInteger("10000"));
    }

    /** Records on ledger.transaction-commands so far (its producers are not transactional: no markers). */
    private static long commandRecords() throws java.io.IOException {
        java.util.Properties config = new java.util.Properties();
        config.put("bootstrap.servers", LedgerlineStack.get().bootstrapServers());
        try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> consumer =
                new org.apache.kafka.clients.consumer.KafkaConsumer<>(config,
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(
                    dev.ledgerline.schemas.Topics.TRANSACTION_COMMANDS).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    @Test
    void fiftyConcurrentRequestsWithOneReferenceApplyExactlyOnce() {
        // given
        String alice = ledger.fundedBalance("100000");
        String bob = ledger.createBalance(ledger.createLedger("shop"), "USD");
        String reference = UUID.randomUUID() + "-once";
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            bodies.add(Ledger.transferJson(reference, alice, bob, "700", false, ""));
        }

        // when
        List<Integer> statuses = Http.postConcurrently(ledger.url("/transactions"), bodies);

        // then the one reference moved money once; 49 duplicates are each reported as REJECTED
        assertThat(statuses).containsOnly(201);
        assertThat(ledger.awaitOutcome(reference).get("status").asString()).isEqualTo("APPLIED");
        assertThat(ledger.awaitBalance(bob, new BigInteger("700"))).isEqualTo(new BigInteger("700"));
        Response duplicates = Http.await(ledger.url("/transactions?status_eq=REJECTED&limit=100&parent_transaction_eq="
                        + ledger.awaitRecord(reference).get("transaction_id").asString()),
                r -> r.status() == 200 && r.body().size() == 49, Ledger.PROJECTION_WAIT);
        assertThat(duplicates.body().size()).as(duplicates.raw()).isEqualTo(49);
        assertThat(ledger.balanceOf(alice)).isEqualTo(new BigInteger("99300"));
    }
}
