package dev.ledgerline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import dev.ledgerline.core.GroupProgress.LegResult;
import dev.ledgerline.core.GroupProgress.Next;
import dev.ledgerline.core.GroupProgress.State;
import dev.ledgerline.core.GroupProgress.Step;

/** The all-or-nothing rule of splits and atomic bulk batches, apart from Kafka. */
class GroupProgressTest {

    @Test
    void anAtomicGroupSettlesOnlyWhenEveryLegIsHeld() {
        // given
        State state = State.open(3, true);

        // when
        Next first = GroupProgress.report(state, 1, LegResult.HELD, null);
        Next second = GroupProgress.report(first.state(), 3, LegResult.HELD, null);
        Next third = GroupProgress.report(second.state(), 2, LegResult.HELD, null);

        // then
        assertThat(first.step()).isEqualTo(Step.WAIT);
        assertThat(second.step()).isEqualTo(Step.WAIT);
        assertThat(third.step()).isEqualTo(Step.SETTLE_ALL);
        assertThat(third.state().outcome()).isEqualTo(GroupProgress.Outcome.SUCCEEDED);
    }

    @Test
    void theFirstRejectionAbortsAllAndLaterHoldsAreReleasedOneByOne() {
        // given one leg already held
        Next held = GroupProgress.report(State.open(3, true), 1, LegResult.HELD, null);

        // when leg 2 is refused, then leg 3's hold arrives late
        Next refused = GroupProgress.report(held.state(), 2, LegResult.REJECTED, RejectionReason.INSUFFICIENT_FUNDS);
        Next late = GroupProgress.report(refused.state(), 3, LegResult.HELD, null);

        // then
        assertThat(refused.step()).isEqualTo(Step.ABORT_ALL);
        assertThat(refused.state().firstRejected()).isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
        assertThat(refused.state().firstRejectedLeg()).isEqualTo(2);
        assertThat(late.step()).isEqualTo(Step.ABORT_THIS);
        assertThat(late.state().outcome()).isEqualTo(GroupProgress.Outcome.FAILED);
    }

    @Test
    void aNonAtomicGroupCompletesWhenEveryLegFinishedAndRemembersTheFirstFailure() {
        Next one = GroupProgress.report(State.open(2, false), 2, LegResult.REJECTED, RejectionReason.SOURCE_NOT_FOUND);
        Next two = GroupProgress.report(one.state(), 1, LegResult.FINISHED, null);

        assertThat(one.step()).isEqualTo(Step.WAIT);
        assertThat(two.step()).isEqualTo(Step.COMPLETE);
        assertThat(two.state().firstRejected()).isEqualTo(RejectionReason.SOURCE_NOT_FOUND);
        assertThat(two.state().outcome()).isEqualTo(GroupProgress.Outcome.FAILED);
    }

    @Test
    void moreReportsThanLegsOrAHoldInANonAtomicGroupIsABug() {
        Next done = GroupProgress.report(State.open(1, true), 1, LegResult.HELD, null);
        assertThatThrownBy(() -> GroupProgress.report(done.state(), 1, LegResult.HELD, null))
                .isInstanceOf(LedgerInvariantViolation.class);
        assertThatThrownBy(() -> GroupProgress.report(State.open(1, false), 1, LegResult.HELD, null))
                .isInstanceOf(LedgerInvariantViolation.class);
    }

    /**
     * For any group size, any set of refused legs and any arrival order: the group settles exactly when no leg was
     * refused, and then settles once; otherwise every held leg is released exactly once (by ABORT_ALL if it was held
     * before the first refusal, by ABORT_THIS if after) and nothing is ever settled.
     */
    @Property
    void everyHeldLegIsSettledOrReleasedExactlyOnce(@ForAll @IntRange(min = 1, max = 12) int size,
                                                     @ForAll @IntRange(min = 0, max = 4095) int refusedMask,
                                                     @ForAll long orderSeed) {
        List<Integer> order = new ArrayList<>();
        for (int leg = 1; leg <= size; leg++) {
            order.add(leg);
        }
        Collections.shuffle(order, new Random(orderSeed));
        State state = State.open(size, true);
        Set<Integer> heldBeforeAbort = new HashSet<>();
        Set<Integer> releasedAlone = new HashSet<>();
        int settles = 0;
        int abortAlls = 0;
        for (int leg : order) {
            boolean refused = (refusedMask & (1 << (leg - 1))) != 0;
            Next next = GroupProgress.report(state, leg, refused ? LegResult.REJECTED : LegResult.HELD,
                    refused ? RejectionReason.INSUFFICIENT_FUNDS : null);
            switch (next.step()) {
                case SETTLE_ALL -> settles++;
                case ABORT_ALL -> abortAlls++;
                case ABORT_THIS -> assertThat(releasedAlone.add(leg)).isTrue();
                case WAIT -> heldBeforeAbort.add(leg);
                case IGNORE -> assertThat(refused).isTrue();
                case COMPLETE -> throw new AssertionError("an atomic group never completes without deciding");
            }
            state = next.state();
        }
        boolean anyRefused = (refusedMask & ((1 << size) - 1)) != 0;
        assertThat(settles).isEqualTo(anyRefused ? 0 : 1);
        assertThat(abortAlls).isEqualTo(anyRefused ? 1 : 0);
        assertThat(state.reported()).isEqualTo(size);
        if (anyRefused) {
            assertThat(Collections.disjoint(heldBeforeAbort, releasedAlone)).isTrue();
            long heldLegs = order.stream().filter(leg -> (refusedMask & (1 << (leg - 1))) == 0).count();
            assertThat(heldBeforeAbort.size() + releasedAlone.size()).isEqualTo(heldLegs);
        }
    }
}
