package dev.ledgerline.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Each rule of the crash matrix's verdict, proven able to fail on a doctored copy of a clean run. */
class CrashAuditTest {

    private static final Function<String, String> TX = ref -> "txn_" + ref;
    private static final CrashAudit.EntryCounts ONE = CrashAudit.EntryCounts.ONE_TRANSFER;

    /** A clean run: t1 applied (a → b, 500 USD), t2 rejected, t3 unanswered and never landed. */
    private static final class Run {
        final Map<String, String> acked = new TreeMap<>(Map.of("t1", "APPLIED", "t2", "REJECTED"));
        final Map<String, String> unanswered = new TreeMap<>(Map.of("t3", "APPLIED"));
        final Map<String, List<String>> logOutcomes = new HashMap<>(Map.of(
                "t1", new ArrayList<>(List.of("APPLIED")), "t2", new ArrayList<>(List.of("REJECTED"))));
        final Map<String, String> projectedOutcomes = new HashMap<>(Map.of("t1", "APPLIED", "t2", "REJECTED"));
        final Map<String, CrashAudit.EntryCounts> logEntries = new HashMap<>(Map.of("txn_t1", ONE));
        final Map<String, CrashAudit.EntryCounts> projectedEntries = new HashMap<>(Map.of("txn_t1", ONE));
        final List<CrashAudit.BalanceFacts> balances = new ArrayList<>(List.of(
                balance("a", -500, -500, -500), balance("b", 500, 500, 500)));
        final Map<String, BigInteger> allSums = new TreeMap<>(Map.of("USD", BigInteger.ZERO));

        CrashAudit.Verdict audit() {
            return CrashAudit.audit(new CrashAudit.ClientView(acked, unanswered),
                    new CrashAudit.SystemView(logOutcomes, projectedOutcomes, logEntries, projectedEntries, balances, allSums), TX);
        }
    }

    private static CrashAudit.BalanceFacts balance(String id, long balance, long entrySum, long lastEntry) {
        return new CrashAudit.BalanceFacts(id, "USD", BigInteger.valueOf(balance), BigInteger.valueOf(entrySum),
                BigInteger.valueOf(lastEntry));
    }

    @Test
    void givenACleanRun_whenAudited_thenItPassesWithItsCounts() {
        CrashAudit.Verdict v = new Run().audit();

        assertThat(v.violations()).isEmpty();
        assertThat(v.passed()).isTrue();
        assertThat(v.acknowledged()).isEqualTo(2);
        assertThat(v.applied()).isEqualTo(1);
        assertThat(v.rejected()).isEqualTo(1);
        assertThat(v.unanswered()).isEqualTo(1);
        assertThat(v.unansweredLanded()).isZero();
    }

    @Test
    void givenAnAcknowledgedTransferWithoutOutcome_whenAudited_thenItIsLost() {
        Run run = new Run();
        run.logOutcomes.remove("t2");
        run.projectedOutcomes.remove("t2");

        CrashAudit.Verdict v = run.audit();

        assertThat(v.lost()).isEqualTo(1);
        assertThat(v.violations()).singleElement().asString().startsWith("lost: t2");
    }

    @Test
    void givenTwoOutcomesForOneTransfer_whenAudited_thenItIsDuplicated() {
        Run run = new Run();
        run.logOutcomes.get("t1").add("APPLIED");

        CrashAudit.Verdict v = run.audit();

        assertThat(v.duplicatedOutcomes()).isEqualTo(1);
        assertThat(v.passed()).isFalse();
    }

    @Test
    void givenAnUnansweredTransferWithTwoOutcomes_whenAudited_thenItIsDuplicated() {
        Run run = new Run();
        run.logOutcomes.put("t3", new ArrayList<>(List.of("APPLIED", "APPLIED")));
        run.projectedOutcomes.put("t3", "APPLIED");
        run.logEntries.put("txn_t3", ONE);
        run.projectedEntries.put("txn_t3", ONE);

        CrashAudit.Verdict v = run.audit();

        assertThat(v.duplicatedOutcomes()).isEqualTo(1);
        assertThat(v.unansweredLanded()).isEqualTo(1);
        assertThat(v.passed()).isFalse();
    }

    @Test
    void givenAnUnansweredTransferThatLandedOnce_whenAudited_thenItPasses() {
        Run run = new Run();
        run.logOutcomes.put("t3", new ArrayList<>(List.of("APPLIED")));
        run.projectedOutcomes.put("t3", "APPLIED");
        run.logEntries.put("txn_t3", ONE);
        run.projectedEntries.put("txn_t3", ONE);

        CrashAudit.Verdict v = run.audit();

        assertThat(v.violations()).isEmpty();
        assertThat(v.unansweredLanded()).isEqualTo(1);
    }

    @Test
    void givenASecondDebitInTheLog_whenAudited_thenTheTransferWasAppliedTwice() {
        Run run = new Run();
        run.logEntries.put("txn_t1", ONE.plus("DEBIT").plus("CREDIT"));

        CrashAudit.Verdict v = run.audit();

        assertThat(v.appliedTwice()).isEqualTo(1);
        assertThat(v.violations()).singleElement().asString().startsWith("entries: t1");
    }

    @Test
    void givenEntriesForARejectedTransfer_whenAudited_thenItFails() {
        Run run = new Run();
        run.logEntries.put("txn_t2", ONE);

        assertThat(run.audit().violations()).singleElement().asString().startsWith("entries: t2");
    }

    @Test
    void givenTheProjectionMissingAnEntry_whenAudited_thenItIsAProjectionMismatch() {
        Run run = new Run();
        run.projectedEntries.put("txn_t1", new CrashAudit.EntryCounts(1, 0, 0));

        CrashAudit.Verdict v = run.audit();

        assertThat(v.projectionMismatches()).isEqualTo(1);
        assertThat(v.passed()).isFalse();
    }

    @Test
    void givenTheProjectionWithAnotherStatus_whenAudited_thenItIsAProjectionMismatch() {
        Run run = new Run();
        run.projectedOutcomes.put("t2", "APPLIED");

        assertThat(run.audit().projectionMismatches()).isEqualTo(1);
    }

    @Test
    void givenAnOutcomeOtherThanPredicted_whenAudited_thenItIsAWrongOutcome() {
        Run run = new Run();
        run.acked.put("t2", "APPLIED");

        CrashAudit.Verdict v = run.audit();

        assertThat(v.wrongOutcome()).isEqualTo(1);
        assertThat(v.passed()).isFalse();
    }

    @Test
    void givenAnOutcomeOrEntriesOfATransferNeverSent_whenAudited_thenTheyArePhantoms() {
        Run run = new Run();
        run.logOutcomes.put("t9", new ArrayList<>(List.of("APPLIED")));
        run.logEntries.put("txn_t9", ONE);

        assertThat(run.audit().violations()).hasSize(2).allMatch(line -> line.startsWith("phantom"));
    }

    @Test
    void givenABalanceThatDisagreesWithItsEntries_whenAudited_thenItFails() {
        Run run = new Run();
        run.balances.set(1, balance("b", 500, 400, 500));

        assertThat(run.audit().violations()).singleElement().asString().contains("entries sum to 400");
    }

    @Test
    void givenABalanceThatDisagreesWithItsLastEntry_whenAudited_thenItFails() {
        Run run = new Run();
        run.balances.set(1, balance("b", 500, 500, 499));

        assertThat(run.audit().violations()).singleElement().asString().contains("last entry says 499");
    }

    @Test
    void givenCurrencySumsOtherThanZero_whenAudited_thenBothLevelsFail() {
        Run run = new Run();
        run.balances.set(0, balance("a", -400, -400, -400));
        run.allSums.put("USD", BigInteger.valueOf(100));

        assertThat(run.audit().violations()).containsExactly(
                "the run's USD balances sum to 100, not 0", "all USD balances of the database sum to 100, not 0");
    }
}
