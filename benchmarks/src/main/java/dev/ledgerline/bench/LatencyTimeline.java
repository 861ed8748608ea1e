package dev.ledgerline.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Latency per second of a run ({@code --timeline}): transfers grouped by the second in which they were sent, with
 * their send → final record percentiles. A tail that comes from a periodic stall (a collection, a checkpoint, a
 * timer in one of the services) shows as a few bad seconds among good ones; a tail from a machine that is simply
 * busy shows in every second.
 */
public final class LatencyTimeline {

    /**
     * One second of the run: transfers sent in it, how many have a final record, their send → HTTP answer and
     * send → final record times.
     */
    public record Second(int second, int sent, int finals, Percentiles sendToAnswer, Percentiles sendToFinal) { }

    private LatencyTimeline() {
    }

    /**
     * @param sentNs  per transfer, its send time (nanoTime; 0 = never sent)
     * @param answerNs per transfer, when its HTTP answer arrived (0 = none)
     * @param finalNs  per transfer, when its final record was seen (0 = not seen)
     * @param startNs  the run's first send
     */
    public static List<Second> of(long[] sentNs, long[] answerNs, long[] finalNs, long startNs) {
        int seconds = 0;
        for (long s : sentNs) {
            if (s != 0) {
                seconds = Math.max(seconds, secondOf(s, startNs) + 1);
            }
        }
        int[] sent = new int[seconds];
        List<List<Long>> latencies = new ArrayList<>();
        List<List<Long>> answers = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            latencies.add(new ArrayList<>());
            answers.add(new ArrayList<>());
        }
        for (int i = 0; i < sentNs.length; i++) {
            if (sentNs[i] == 0) {
                continue;
            }
            int second = secondOf(sentNs[i], startNs);
            sent[second]++;
            if (answerNs[i] != 0) {
                answers.get(second).add(Math.max(0, answerNs[i] - sentNs[i]));
            }
            if (finalNs[i] != 0) {
                latencies.get(second).add(Math.max(0, finalNs[i] - sentNs[i]));
            }
        }
        List<Second> rows = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            long[] samples = toArray(latencies.get(i));
            rows.add(new Second(i, sent[i], samples.length, Percentiles.of(toArray(answers.get(i))), Percentiles.of(samples)));
        }
        return rows;
    }

    private static long[] toArray(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static int secondOf(long ns, long startNs) {
        return (int) (Math.max(0, ns - startNs) / 1_000_000_000L);
    }
}
