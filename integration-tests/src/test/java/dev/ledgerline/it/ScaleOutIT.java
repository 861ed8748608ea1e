package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.ledgerline.it.Http.Response;
import dev.ledgerline.processor.LedgerStreams;

/**
 * Partitions are the unit of parallelism: two ledger-processor instances with distinct instance ids share the
 * partitions (each runs some of the tasks and decides records), and every transfer between balances owned by
 * either instance is applied exactly once with exact balances.
 */
class ScaleOutIT {

    private static final int BALANCES = 8;
    private static final int TRANSFERS = 60;
    private static final BigInteger FUNDING = new BigInteger("100000");

    private static LedgerlineStack stack;
    private static Ledger ledger;

    @BeforeAll
    static void startStack() throws Exception {
        stack = LedgerlineStack.get();
        ledger = new Ledger(stack);
    }

    @AfterAll
    static void stopStack() {
        LedgerlineStack.stop();
    }

    @Test
    void two_instances_share_the_partitions_and_apply_every_transfer_exactly_once() throws Exception {
        // Given a second processor instance next to the first, and both running tasks
        ConfigurableApplicationContext second = stack.startAnotherProcessor("ledger-processor-2");
        LedgerStreams first = stack.firstProcessor().getBean(LedgerStreams.class);
        LedgerStreams other = second.getBean(LedgerStreams.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!(first.activeTaskCount() > 0 && other.activeTaskCount() > 0
                && first.activeTaskCount() + other.activeTaskCount() == 6) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(first.activeTaskCount()).as("tasks of instance 1").isPositive();
        assertThat(other.activeTaskCount()).as("tasks of instance 2").isPositive();
        assertThat(first.activeTaskCount() + other.activeTaskCount()).as("all six partitions owned").isEqualTo(6);
        long decidedBefore = decided(second);

        // and funded balances (spread over the partitions of both instances)
        List<String> balances = new ArrayList<>();
        Map<String, BigInteger> expected = new HashMap<>();
        for (int i = 0; i < BALANCES; i++) {
            String balance = ledger.fundedBalance(FUNDING.toString());
            balances.add(balance);
            expected.put(balance, FUNDING);
        }

        // When transfers go between random pairs (seeded: a failure reproduces)
        SplittableRandom random = new SplittableRandom(42);
        String run = UUID.randomUUID().toString();
        List<String> references = new ArrayList<>();
        for (int i = 0; i < TRANSFERS; i++) {
            int from = random.nextInt(BALANCES);
            int to = (from + 1 + random.nextInt(BALANCES - 1)) % BALANCES;
            BigInteger amount = BigInteger.valueOf(1 + random.nextInt(500));
            String reference = run + "-" + i;
            Response accepted = ledger.postTransaction(reference, balances.get(from), balances.get(to),
                    amount.toString(), false);
            assertThat(accepted.status()).as(accepted.raw()).isEqualTo(201);
            references.add(reference);
            expected.merge(balances.get(from), amount.negate(), BigInteger::add);
            expected.merge(balances.get(to), amount, BigInteger::add);
        }

        // Then every transfer applied once, every balance is what the transfers say, and both instances decided
        for (String reference : references) {
            assertThat(ledger.awaitOutcome(reference).get("status").asString()).as(reference).isEqualTo("APPLIED");
            Response records = Http.get(ledger.url("/transactions?reference_eq=" + reference + "_q"));
            assertThat(records.status()).as(records.raw()).isEqualTo(200);
            assertThat(records.body().size()).as("records of %s_q", reference).isEqualTo(1);
        }
        BigInteger total = BigInteger.ZERO;
        for (String balance : balances) {
            total = total.add(ledger.awaitBalance(balance, expected.get(balance)));
        }
        assertThat(total).isEqualTo(FUNDING.multiply(BigInteger.valueOf(BALANCES)));
        assertThat(decided(second) - decidedBefore).as("records decided by instance 2").isPositive();
    }

    /** Records the processor stages of one instance have handled (its own meter registry). */
    private static long decided(ConfigurableApplicationContext processor) {
        return processor.getBean(MeterRegistry.class).find("blnk.queue.processing.duration").timers().stream()
                .mapToLong(Timer::count).sum();
    }
}
