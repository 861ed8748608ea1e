package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ledgerline.core.Ids;
import dev.ledgerline.it.Http.Response;
import dev.ledgerline.schemas.Topics;

/**
 * The money, date, distribution and reference attacks found on the landed stack, against the real stack: each answers
 * a 4xx in Blnk's envelope within a couple of seconds (they used to cost ~27 s of CPU, answer 500, freeze the
 * projection, hide a record from reads or block a later refund), no topic's end offset moves, and ordinary
 * transfers, reads by reference and refunds keep working afterwards.
 */
class HostileMoneyInputIT {

    private static final Duration QUICK = Duration.ofSeconds(2);

    private static LedgerlineStack stack;
    private static Ledger ledger;

    @BeforeAll
    static void startStack() throws Exception {
        stack = LedgerlineStack.get();
        ledger = new Ledger(stack);
    }

    @Test
    void hostileRequestsAreRefusedQuicklyPublishNothingAndTheLedgerCarriesOn() throws Exception {
        // Given a funded balance, an applied transfer "<run>-paid" and a quiet log
        String run = UUID.randomUUID().toString();
        String alice = ledger.fundedBalance("100000");
        String paidReference = run + "-paid";
        Response paid = ledger.postTransaction(paidReference, alice, "@Shop", "100", false);
        assertThat(paid.status()).as(paid.raw()).isEqualTo(201);
        String paidId = paid.body().get("transaction_id").asString();
        assertThat(ledger.awaitOutcome(paidReference).get("status").asString()).isEqualTo("APPLIED");
        stack.awaitQuietLog();
        Map<TopicPartition, Long> before = endOffsets();

        // When every hostile request is posted
        for (Hostile hostile : hostileRequests(run, alice, paidReference, paidId)) {
            long started = System.nanoTime();
            Response response = Http.post(ledger.url(hostile.path), hostile.body);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            // Then each is a 4xx in Blnk's envelope, answered at once
            assertThat(response.status()).as("%s: %s", hostile.why, response.raw()).isBetween(400, 499);
            assertThat(response.body().get("error_detail").get("code").asString()).as(hostile.why).isNotBlank();
            assertThat(took).as(hostile.why).isLessThan(QUICK);
        }

        // and a body over the configured maximum (16 MB) is a 413, which stays a 413
        Response oversized = Http.post(ledger.url("/transactions"), "{\"description\":\"" + "x".repeat(17 * 1024 * 1024) + "\"}");
        assertThat(oversized.status()).as(oversized.raw().substring(0, Math.min(300, oversized.raw().length()))).isEqualTo(413);

        // and reads with an encoded NUL in the path or a filter value are the client's 400, not a 500
        for (String read : new String[] {"/transactions/%00", "/balances/bln_%00x", "/transactions?reference_eq=a%00b"}) {
            Response response = Http.get(ledger.url(read));
            assertThat(response.status()).as("%s: %s", read, response.raw()).isEqualTo(400);
        }

        // and no topic moved
        assertThat(endOffsets()).isEqualTo(before);

        // and the derived references still belong to what derived them: the outcome reads back by "<ref>_q" ...
        assertThat(ledger.awaitOutcome(paidReference).get("parent_transaction").asString()).isEqualTo(paidId);
        // ... the refund of the transfer is not blocked by the refused "<id>_refund" client reference ...
        Response refund = Http.post(ledger.url("/refund-transaction/" + paidId), "{}");
        assertThat(refund.status()).as(refund.raw()).isEqualTo(201);
        assertThat(ledger.awaitOutcome(Ids.refundReference(paidId)).get("status").asString()).isEqualTo("APPLIED");
        // ... and the next ordinary transfer is applied and readable as usual
        String nextReference = run + "-next";
        assertThat(ledger.postTransaction(nextReference, alice, "@Shop", "250", false).status()).isEqualTo(201);
        assertThat(ledger.awaitOutcome(nextReference).get("status").asString()).isEqualTo("APPLIED");
        assertThat(ledger.awaitBalance(alice, new BigInteger("99750"))).isEqualTo(new BigInteger("99750"));
    }

    private record Hostile(String why, String path, String body) {
    }

    private static List<Hostile> hostileRequests(String run, String alice, String paidReference, String paidId) {
        List<Hostile> all = new ArrayList<>();
        String ref = run + "-hostile";
        // money
        all.add(transfer("precise_amount 1e300000", "\"precise_amount\":1e300000", ref));
        all.add(transfer("amount \"1\" + 300,000 zeros", "\"amount\":\"1" + "0".repeat(300_000) + "\"", ref));
        all.add(transfer("amount 1e999999999", "\"amount\":1e999999999", ref));
        all.add(transfer("amount 1e9999999999", "\"amount\":1e9999999999", ref));
        all.add(transfer("precision 1e999999999", "\"amount\":1,\"precision\":1e999999999", ref));
        all.add(transfer("Arabic-Indic amount", "\"amount\":\"١٢٣\"", ref));
        all.add(transfer("full-width precise_amount", "\"precise_amount\":\"１２３\"", ref));
        all.add(new Hostile("inflight commit of 1e300000", "/transactions/inflight/" + paidId,
                "{\"status\":\"commit\",\"precise_amount\":1e300000}"));
        // dates
        all.add(transfer("effective_date in year 300000", "\"precise_amount\":1,\"effective_date\":\"+300000-01-01T00:00:00Z\"", ref));
        all.add(transfer("scheduled_for in year 300000000", "\"precise_amount\":1,\"scheduled_for\":\"+300000000-01-01T00:00:00Z\"", ref));
        all.add(transfer("inflight_expiry_date in year 10000", "\"precise_amount\":1,\"inflight\":true,\"inflight_expiry_date\":\"10000-01-01T00:00:00Z\"", ref));
        all.add(transfer("inflight_commit_date in year 300000", "\"precise_amount\":1,\"inflight\":true,\"inflight_commit_date\":\"+300000-01-01T00:00:00Z\"", ref));
        // distributions of an amount of 1, queued and dry_run
        String left = leg("@HostileD", "left");
        for (String bad : new String[] {leg("@HostileC", "abc") + "," + left, leg("@HostileC", "150%") + "," + left,
                leg("@HostileC", "left") + "," + left, "{\"identifier\":\"@HostileC\",\"precise_distribution\":-5}," + left}) {
            all.add(transfer("split of 1: " + bad, "\"precise_amount\":1,\"destinations\":[" + bad + "]", ref));
            all.add(transfer("dry_run split of 1: " + bad, "\"precise_amount\":1,\"dry_run\":true,\"destinations\":[" + bad + "]", ref));
        }
        // references in derived forms
        all.add(transfer("the outcome reference of an applied transfer", "\"precise_amount\":1", paidReference + "_q"));
        all.add(transfer("the refund reference of an applied transfer", "\"precise_amount\":1", Ids.refundReference(paidId)));
        all.add(transfer("a commit reference", "\"precise_amount\":1", paidReference + "_commit_1"));
        all.add(transfer("a void reference", "\"precise_amount\":1", paidReference + "_void_1"));
        all.add(transfer("a duplicate-record reference", "\"precise_amount\":1", paidReference + "_dup_x"));
        all.add(transfer("a fund lineage shadow credit reference", "\"precise_amount\":1", paidReference + "_shadow_stripe"));
        all.add(transfer("a fund lineage release reference", "\"precise_amount\":1", paidReference + "_release_stripe"));
        all.add(transfer("a fund lineage receive reference", "\"precise_amount\":1", paidReference + "_receive_stripe"));
        // bulk: one hostile item refuses the batch
        String good = Ledger.transferJson(run + "-bulk-ok", alice, "@Shop", "1", false, "");
        all.add(new Hostile("bulk item with precise_amount 1e300000", "/transactions/bulk",
                "{\"transactions\":[" + good + "," + Ledger.transferJson(run + "-bulk-1", alice, "@Shop", "1e300000", false, "") + "]}"));
        all.add(new Hostile("bulk item with an outcome reference", "/transactions/bulk",
                "{\"transactions\":[" + good + "," + Ledger.transferJson(paidReference + "_q", alice, "@Shop", "1", false, "") + "]}"));
        all.add(new Hostile("bulk item dated year 300000", "/transactions/bulk", "{\"atomic\":true,\"transactions\":[" + good
                + "," + Ledger.transferJson(run + "-bulk-2", alice, "@Shop", "1", false,
                ",\"effective_date\":\"+300000-01-01T00:00:00Z\"") + "]}"));
        all.add(new Hostile("dry_run bulk item with a negative fixed distribution", "/transactions/bulk",
                "{\"dry_run\":true,\"transactions\":[" + Ledger.transferJson(run + "-bulk-3", alice, "@Shop", "1", false,
                ",\"destinations\":[" + leg("@HostileC", "-1") + "," + left + "]") + "]}"));
        // strings and structure the stores cannot hold (they used to kill the processor or freeze the projection)
        all.add(transfer("a 1.1 MB description", "\"precise_amount\":1,\"description\":\"" + "d".repeat(1_100_000) + "\"", ref));
        all.add(transfer("NUL in the description", "\"precise_amount\":1,\"description\":\"a\\u0000b\"", ref));
        all.add(transfer("NUL in the reference", "\"precise_amount\":1", ref + "\\u0000x"));
        all.add(transfer("NUL in the currency", "\"precise_amount\":1,\"currency\":\"US\\u0000D\"", ref));
        all.add(transfer("NUL in meta_data", "\"precise_amount\":1,\"meta_data\":{\"k\":\"v\\u0000\"}", ref));
        all.add(transfer("a lone surrogate in the reference", "\"precise_amount\":1", ref + "\\ud800"));
        all.add(transfer("a reference longer than an index row allows", "\"precise_amount\":1", "r".repeat(3000)));
        all.add(transfer("JSON nested 5,000 deep", "\"precise_amount\":1,\"meta_data\":" + "[".repeat(5000) + "]".repeat(5000), ref));
        all.add(new Hostile("a filter body over 64 KB", "/transactions/filter",
                "{\"filters\":[{\"field\":\"reference\",\"operator\":\"eq\",\"value\":\"" + "v".repeat(300_000) + "\"}]}"));
        all.add(new Hostile("a filter body nested 5,000 deep", "/balances/filter", "{\"filters\":" + "[".repeat(5000) + "]".repeat(5000) + "}"));
        all.add(new Hostile("NUL in a filter value", "/transactions/filter",
                "{\"filters\":[{\"field\":\"reference\",\"operator\":\"eq\",\"value\":\"a\\u0000\"}]}"));
        return all;
    }

    private static Hostile transfer(String why, String amountFields, String reference) {
        return new Hostile(why, "/transactions", "{" + amountFields + ",\"currency\":\"USD\",\"reference\":\"" + reference
                + "\",\"description\":\"hostile\",\"source\":\"@HostileA\",\"destination\":\"@HostileB\"}");
    }

    private static String leg(String identifier, String distribution) {
        return "{\"identifier\":\"" + identifier + "\",\"distribution\":\"" + distribution + "\"}";
    }

    /** End offsets of every Ledgerline topic, commands and events alike. */
    private static Map<TopicPartition, Long> endOffsets() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : Topics.ALL) {
                for (PartitionInfo partition : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                    partitions.add(new TopicPartition(topic, partition.partition()));
                }
            }
            return new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(10)));
        }
    }
}
