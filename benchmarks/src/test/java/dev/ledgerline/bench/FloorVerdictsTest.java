package dev.ledgerline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ledgerline.bench.FloorVerdicts.Status;
import dev.ledgerline.bench.FloorVerdicts.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class FloorVerdictsTest {

    private static Verdict find(List<Verdict> verdicts, String floorStart) {
        return verdicts.stream().filter(v -> v.floor().startsWith(floorStart)).findFirst().orElseThrow();
    }

    @Test
    void givenSession33sSideBySide_whenJudged_thenOnlyTheHotShareOfUniformIsMet() {
        // The figures of docs/benchmarks.md's session-33 run at d01c961.
        List<Verdict> verdicts = FloorVerdicts.of(List.of("uniform.readable=576", "uniform.pg=916",
                "hot80.readable=893", "hot80.pg=383", "bulk.1000.readable=2610", "open.1000.send_readable_p99_ms=855"))
                .verdicts();

        assertThat(find(verdicts, "single POST, uniform").status()).isEqualTo(Status.MISSED);
        assertThat(find(verdicts, "single POST, uniform").measured()).startsWith("0.63×");
        assertThat(find(verdicts, "single POST, 80 % hot: readable/s ≥ 3").status()).isEqualTo(Status.MISSED);
        assertThat(find(verdicts, "single POST, 80 % hot: readable/s ≥ 90").status()).isEqualTo(Status.MET);
        assertThat(find(verdicts, "single POST, 80 % hot: readable/s ≥ 90").measured()).startsWith("155 %");
        assertThat(find(verdicts, "bulk").status()).isEqualTo(Status.MISSED);
        assertThat(find(verdicts, "open loop").status()).isEqualTo(Status.MISSED);
        assertThat(find(verdicts, "sustained").status()).isEqualTo(Status.NOT_MEASURED);
        assertThat(find(verdicts, "no slowdown").status()).isEqualTo(Status.NOT_MEASURED);
    }

    @Test
    void givenFiguresExactlyAtEachFloor_whenJudged_thenEveryMeasuredFloorIsMet() {
        List<Verdict> verdicts = FloorVerdicts.of(List.of("uniform.readable=1000", "uniform.pg=1000",
                "hot80.readable=3000", "hot80.pg=1000", "bulk.1000.readable=10000",
                "open.1000.send_readable_p99_ms=150", "sustained.3000.seconds=60", "sustained.3000.lag_p99_ms=1000",
                "sustained.3000.lag_p99_first_ms=900", "sustained.3000.lag_p99_last_ms=1000")).verdicts();

        assertThat(verdicts).filteredOn(v -> v.status() != Status.NOT_MEASURED)
                .hasSize(6).allSatisfy(v -> assertThat(v.status()).as(v.floor()).isEqualTo(Status.MET));
    }

    @Test
    void givenFiguresJustOutsideEachFloor_whenJudged_thenEachIsMissed() {
        List<Verdict> verdicts = FloorVerdicts.of(List.of("uniform.readable=999", "uniform.pg=1000",
                "hot80.readable=2999", "hot80.pg=1000", "bulk.100.readable=9999", "bulk.1000.readable=12000",
                "open.1000.send_readable_p99_ms=151", "sustained.2000.seconds=59", "sustained.2000.lag_p99_ms=10",
                "sustained.2000.lag_p99_first_ms=10", "sustained.2000.lag_p99_last_ms=10")).verdicts();

        assertThat(find(verdicts, "single POST, uniform").status()).isEqualTo(Status.MISSED);
        assertThat(find(verdicts, "single POST, 80 % hot: readable/s ≥ 3").status()).isEqualTo(Status.MISSED);
        assertThat(find(verdicts, "bulk: readable/s ≥ 10,000 and ≥ 3 × PostgreSQL's uniform figure (requests of 100)")
                .status()).isEqualTo(Status.MISSED);
        // 12,000/s is above 10,000 but only 12 × a PostgreSQL figure of 1,000: met; the 100-item row is not.
        assertThat(find(verdicts, "bulk: readable/s ≥ 10,000 and ≥ 3 × PostgreSQL's uniform figure (requests of 1,000)")
                .status()).isEqualTo(Status.MET);
        assertThat(find(verdicts, "open loop").status()).isEqualTo(Status.MISSED);
        assertThat(find(verdicts, "sustained").status()).as("59 s is shorter than the floor's 60").isEqualTo(Status.MISSED);
    }

    @Test
    void givenBulkFastEnoughButUnderThreeTimesPostgres_whenJudged_thenMissed() {
        Verdict bulk = find(FloorVerdicts.of(List.of("uniform.readable=500", "uniform.pg=4000",
                "bulk.1000.readable=11000")).verdicts(), "bulk");

        assertThat(bulk.status()).isEqualTo(Status.MISSED);
        assertThat(bulk.measured()).isEqualTo("11,000/s, 2.75× (PostgreSQL 4,000)");
    }

    @Test
    void givenASustainedLagThatRisesOverTheRun_whenJudged_thenTheBacklogIsGrowingAndTheFloorMissed() {
        List<String> low = List.of("sustained.3000.seconds=60", "sustained.3000.lag_p99_ms=680",
                "sustained.3000.lag_p99_first_ms=399", "sustained.3000.lag_p99_last_ms=679");
        List<String> noise = List.of("sustained.3000.seconds=60", "sustained.3000.lag_p99_ms=260",
                "sustained.3000.lag_p99_first_ms=150", "sustained.3000.lag_p99_last_ms=240");

        Verdict rising = find(FloorVerdicts.of(low).verdicts(), "sustained");
        Verdict steady = find(FloorVerdicts.of(noise).verdicts(), "sustained");

        assertThat(rising.status()).isEqualTo(Status.MISSED);
        assertThat(rising.measured()).contains("growing").doesNotContain("not growing");
        assertThat(steady.status()).as("90 ms more in the last third is within the slack").isEqualTo(Status.MET);
        assertThat(steady.measured()).contains("not growing");
    }

    @Test
    void givenNoFigures_whenJudged_thenNothingIsMetAndTheTableSaysWhatEachFloorNeeds() {
        FloorVerdicts none = FloorVerdicts.of(List.of());

        assertThat(none.verdicts()).allSatisfy(v -> assertThat(v.status()).isEqualTo(Status.NOT_MEASURED));
        assertThat(none.table()).contains("needs --hot with 0").contains("needs --bulk")
                .contains("needs --open-loop with 1000").contains("needs --grown-against FILE")
                .contains("0 of 0 floors measured in this run met.");
    }

    @Test
    void givenSession25sGrownLedgerAgainstAnEmptyOne_whenJudged_thenBothGrowthFloorsAreMissed() {
        // docs/benchmarks.md, session 25: 10.03 M entries grown through the API against an empty ledger, same build.
        List<Verdict> verdicts = FloorVerdicts.of(List.of("ledger.entries=10030001", "uniform.readable=1398",
                "bulk.1000.readable=2536", "empty.ledger.entries=0", "empty.uniform.readable=1685",
                "empty.bulk.1000.readable=3393")).verdicts();

        Verdict single = find(verdicts, "no slowdown as the ledger grows: within 15 % of an empty ledger's figure (single");
        Verdict bulk = find(verdicts, "no slowdown as the ledger grows: within 15 % of an empty ledger's figure (bulk");
        assertThat(single.status()).isEqualTo(Status.MISSED);
        assertThat(single.measured()).isEqualTo("-17 % (1,398 against 1,685 readable/s)");
        assertThat(bulk.status()).isEqualTo(Status.MISSED);
        assertThat(bulk.measured()).startsWith("-25 %");
    }

    @Test
    void givenAGrownLedgerWithinFifteenPercent_whenJudged_thenMetAndAFasterGrownLedgerIsMetToo() {
        List<Verdict> verdicts = FloorVerdicts.of(List.of("ledger.entries=10000000", "uniform.readable=850",
                "bulk.1000.readable=3100", "empty.ledger.entries=1000000", "empty.uniform.readable=1000",
                "empty.bulk.1000.readable=3000")).verdicts();

        assertThat(verdicts).filteredOn(v -> v.floor().startsWith("no slowdown")).hasSize(2)
                .allSatisfy(v -> assertThat(v.status()).as(v.measured()).isEqualTo(Status.MET));
    }

    @Test
    void givenALedgerSmallerThanTenMillionEntries_whenJudgedAgainstAnEmptyOne_thenGrowthIsNotMeasured() {
        Verdict growth = find(FloorVerdicts.of(List.of("ledger.entries=9999999", "uniform.readable=1000",
                "empty.uniform.readable=1000")).verdicts(), "no slowdown");

        assertThat(growth.status()).isEqualTo(Status.NOT_MEASURED);
        assertThat(growth.measured()).contains("9,999,999 entries");
    }

    @Test
    void givenSavedFiguresFromALedgerThatWasNotEmpty_whenJudged_thenGrowthIsNotMeasured() {
        // Given figures saved on a ledger of a million and one entries, or saved without the ledger's size
        Verdict fromHalfGrown = find(FloorVerdicts.of(List.of("ledger.entries=10000000", "uniform.readable=1000",
                "empty.ledger.entries=1000001", "empty.uniform.readable=1000")).verdicts(), "no slowdown");
        Verdict fromUnknown = find(FloorVerdicts.of(List.of("ledger.entries=10000000", "uniform.readable=1000",
                "empty.uniform.readable=1000")).verdicts(), "no slowdown");

        // Then neither compares two ledgers as if one were empty
        assertThat(fromHalfGrown.status()).isEqualTo(Status.NOT_MEASURED);
        assertThat(fromHalfGrown.measured()).contains("a ledger of 1,000,001 entries").contains("at most 1,000,000");
        assertThat(fromUnknown.status()).isEqualTo(Status.NOT_MEASURED);
        assertThat(fromUnknown.measured()).contains("an unknown number of entries");
    }

    @Test
    void givenTheThresholds_whenTheFloorsArePrinted_thenTheirTextsStateTheConstantsJudgedWith() {
        String table = FloorVerdicts.of(List.of()).table();

        assertThat(table).contains("readable/s ≥ 1 × PostgreSQL (durable statements)")
                .contains("≥ 3 × PostgreSQL's hot figure").contains("≥ 90 % of Ledgerline's own uniform figure")
                .contains("bulk: readable/s ≥ 10,000 and ≥ 3 × PostgreSQL's uniform figure")
                .contains("open loop at 1,000 single POSTs/s: send→readable p99 ≤ 150 ms")
                .contains("sustained bulk load for 60 s: projection lag p99 ≤ 1 s")
                .contains("within 15 % of an empty ledger's figure").contains("grown to 10,000,000 entries");
    }

    @Test
    void givenAnEmptyLedgersBulkFigureButNoBulkRunNow_whenJudged_thenThatRowIsNotMeasured() {
        List<Verdict> verdicts = FloorVerdicts.of(List.of("ledger.entries=12000000", "uniform.readable=1000",
                "empty.ledger.entries=20000", "empty.uniform.readable=1100", "empty.bulk.100.readable=2000")).verdicts();

        assertThat(find(verdicts, "no slowdown as the ledger grows: within 15 % of an empty ledger's figure (single")
                .status()).isEqualTo(Status.MET);
        assertThat(find(verdicts, "no slowdown as the ledger grows: within 15 % of an empty ledger's figure (bulk")
                .status()).isEqualTo(Status.NOT_MEASURED);
    }

    @Test
    void givenAnOpenLoopAtAnotherRate_whenJudged_thenTheLatencyFloorIsNotMeasured() {
        Verdict open = find(FloorVerdicts.of(List.of("open.300.send_readable_p99_ms=90")).verdicts(), "open loop");

        assertThat(open.status()).isEqualTo(Status.NOT_MEASURED);
    }

    @Test
    void givenATableOfMixedVerdicts_whenPrinted_thenMissedFloorsStandOutAndTheCountIsOfJudgedFloors() {
        String table = FloorVerdicts.of(List.of("uniform.readable=1200", "uniform.pg=1000", "hot80.readable=1100",
                "hot80.pg=500")).table();

        assertThat(table).startsWith("| floor | this run | verdict |\n|---|---|---|\n")
                .contains("| 1.20× (1,200 against 1,000) | met |").contains("| **missed** |")
                .endsWith("2 of 3 floors measured in this run met.\n");
    }

    @Test
    void givenATokenThatIsNotANamedNumber_whenParsed_thenRefused() {
        assertThatThrownBy(() -> FloorVerdicts.of(List.of("uniform.readable"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FloorVerdicts.of(List.of("=5"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FloorVerdicts.of(List.of("uniform.pg=fast"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FloorVerdicts.of(List.of("uniform.pg=NaN"))).isInstanceOf(IllegalArgumentException.class);
    }
}
