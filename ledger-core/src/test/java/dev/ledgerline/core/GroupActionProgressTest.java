package dev.ledgerline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import dev.ledgerline.core.GroupActionProgress.Next;
import dev.ledgerline.core.GroupActionProgress.State;

/** Which leg's answer a commit, void or refund by a group's id gets, apart from Kafka. */
class GroupActionProgressTest {

    @Test
    void theLowestSucceededLegIsTheAnswerOnceEveryLegAnswered() {
        // given a group of three legs
        State state = State.open(3);

        // when leg 3 succeeds, leg 1 is refused, then leg 2 succeeds
        Next third = GroupActionProgress.answer(state, 3, true);
        Next first = GroupActionProgress.answer(third.state(), 1, false);
        Next second = GroupActionProgress.answer(first.state(), 2, true);

        // then
        assertThat(third.keepThisAnswer()).isTrue();
        assertThat(first.keepThisAnswer()).isFalse();
        assertThat(first.state().complete()).isFalse();
        assertThat(second.keepThisAnswer()).isTrue();
        assertThat(second.state().complete()).isTrue();
        assertThat(second.state().answerLeg()).isEqualTo(2);
        assertThat(second.state().answerSucceeded()).isTrue();
    }

    @Test
    void whenEveryLegIsRefusedTheLowestLegsRefusalIsTheAnswer() {
        // given
        State state = State.open(2);

        // when
        Next last = GroupActionProgress.answer(GroupActionProgress.answer(state, 2, false).state(), 1, false);

        // then
        assertThat(last.state().answerLeg()).isEqualTo(1);
        assertThat(last.state().answerSucceeded()).isFalse();
        assertThat(last.state().complete()).isTrue();
    }

    @Test
    void moreAnswersThanLegsOrAnUnknownLegBreakAnInvariant() {
        // given
        State done = GroupActionProgress.answer(State.open(1), 1, true).state();

        // then
        assertThatThrownBy(() -> GroupActionProgress.answer(done, 1, true))
                .isInstanceOf(LedgerInvariantViolation.class);
        assertThatThrownBy(() -> GroupActionProgress.answer(State.open(2), 3, true))
                .isInstanceOf(LedgerInvariantViolation.class);
        assertThatThrownBy(() -> State.open(0)).isInstanceOf(LedgerInvariantViolation.class);
    }

    @Property
    void theAnswerDoesNotDependOnTheOrderTheLegsAnswerIn(@ForAll @IntRange(min = 1, max = 40) int size,
                                                         @ForAll long seed) {
        // given each leg's result, and the answer the rule promises
        Random random = new Random(seed);
        boolean[] succeeded = new boolean[size + 1];
        for (int leg = 1; leg <= size; leg++) {
            succeeded[leg] = random.nextInt(3) > 0;
        }
        int expected = 1;
        for (int leg = size; leg >= 1; leg--) {
            if (succeeded[leg]) {
                expected = leg;
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int leg = 1; leg <= size; leg++) {
            order.add(leg);
        }
        Collections.shuffle(order, random);

        // when the legs answer in a random order, tracking the answer the caller would get
        State state = State.open(size);
        int kept = GroupActionProgress.NO_LEG;
        for (int i = 0; i < order.size(); i++) {
            Next next = GroupActionProgress.answer(state, order.get(i), succeeded[order.get(i)]);
            if (next.keepThisAnswer()) {
                kept = order.get(i);
            }
            state = next.state();
            assertThat(state.complete()).isEqualTo(i == order.size() - 1);
        }

        // then
        assertThat(kept).isEqualTo(expected).isEqualTo(state.answerLeg());
        assertThat(state.answerSucceeded()).isEqualTo(succeeded[expected]);
    }
}
