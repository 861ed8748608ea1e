package dev.ledgerline.processor;

import java.time.Duration;

import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * When the stream threads should commit: often while the processor is lightly loaded (every hop of a transfer waits
 * for the previous stage's commit, so the commit interval is the latency floor), less often as it gets busy (every
 * {@code exactly_once_v2} commit costs the broker and the processor a fixed amount: transaction markers on every
 * partition written, offsets, a new transaction; measured at 20 against 100 ms, a busy machine applied about 45 % more
 * transfers per second with the longer interval).
 *
 * <p>The interval follows the rate of commands the stages handle: {@code lightInterval} up to a quarter of
 * {@code busyRate}, rising in a straight line to {@code busyInterval} at {@code busyRate} and above. The rate is the
 * count of the last complete {@link #RATE_WINDOW_NANOS} window. A commit is wanted once the interval has passed since
 * the last wanted commit and a command was handled since, or a timer (seals, deadlines) wrote a record; with nothing
 * of either, nothing is committed.
 *
 * <p>Kafka Streams commits every task of a thread together, so one decision serves every task: the pacer is shared
 * by the stages of all tasks of one processor instance, and the first task whose timer asks after the interval gets
 * the commit. Time is passed in; callers hold no lock, the pacer is synchronized (uncontended with one stream thread).
 */
final class CommitPacer {

    /** The rate is the count of the last full second: shorter windows swing between 0 and thousands, as a stream thread
     * handles its input in bursts (each hop's records become readable at the previous commit). */
    static final long RATE_WINDOW_NANOS = 1_000_000_000L;

    private final long lightIntervalNanos;
    private final long busyIntervalNanos;
    private final double busyRatePerSecond;

    private long windowStartNanos;
    private long commandsInWindow;
    private double ratePerSecond;
    private long lastCommitNanos;
    private long commandsSinceCommit;
    private long commitsWanted;

    /**
     * @param lightIntervalMs commit interval while lightly loaded
     * @param busyIntervalMs  commit interval at {@code busyRate} and above; at most {@code lightIntervalMs} means no
     *                        pacing (the caller then leaves commits to Kafka Streams' own interval)
     * @param busyRate        commands per second at which the busy interval is reached
     * @param nowNanos        the clock's reading at start
     */
    CommitPacer(long lightIntervalMs, long busyIntervalMs, long busyRate, long nowNanos) {
        if (lightIntervalMs <= 0 || busyRate <= 0) {
            throw new IllegalArgumentException("commit intervals and the busy rate must be positive");
        }
        this.lightIntervalNanos = lightIntervalMs * 1_000_000L;
        this.busyIntervalNanos = Math.max(lightIntervalMs, busyIntervalMs) * 1_000_000L;
        this.busyRatePerSecond = busyRate;
        this.windowStartNanos = nowNanos;
        this.lastCommitNanos = nowNanos;
    }

    /** Whether the intervals differ; without pacing Kafka Streams' own commit interval does the work. */
    boolean paces() {
        return busyIntervalNanos > lightIntervalNanos;
    }

    /** A stage handled {@code commands} commands (the items of one input record). */
    synchronized void handled(int commands) {
        commandsInWindow += commands;
        commandsSinceCommit += commands;
    }

    /** Asked by a task's timer: true when the thread should commit now (the caller then requests it). */
    synchronized boolean commitWanted(long nowNanos) {
        if (nowNanos - windowStartNanos >= RATE_WINDOW_NANOS) {
            ratePerSecond = commandsInWindow * 1e9 / (nowNanos - windowStartNanos);
            windowStartNanos = nowNanos;
            commandsInWindow = 0;
        }
        if (commandsSinceCommit == 0 || nowNanos - lastCommitNanos < intervalNanos()) {
            return false;
        }
        lastCommitNanos = nowNanos;
        commandsSinceCommit = 0;
        commitsWanted++;
        return true;
    }

    /** The interval at the current rate. */
    synchronized long intervalNanos() {
        double quarter = busyRatePerSecond / 4;
        double share = (ratePerSecond - quarter) / (busyRatePerSecond - quarter);
        double clamped = Math.max(0, Math.min(1, share));
        return lightIntervalNanos + Math.round((busyIntervalNanos - lightIntervalNanos) * clamped);
    }

    synchronized double ratePerSecond() {
        return ratePerSecond;
    }

    synchronized long commitsWanted() {
        return commitsWanted;
    }

    /** How often a task's timer asks: a quarter of the light interval, so a commit is at most that late. */
    long tickMillis() {
        return Math.max(1, lightIntervalNanos / 4_000_000L);
    }

    /**
     * For a stage's outermost wrapper: counts the commands it handles and the records its timers write; with
     * {@code asks}, also schedules the task's wall-clock timer that requests a commit when one is wanted (one stage per
     * task asks: every task has every stage).
     */
    Hook hook(boolean asks) {
        return new Hook() {
            @Override
            public ProcessorContext<String, Object> stageContext(ProcessorContext<String, Object> context) {
                return new TimerOutputs(context, CommitPacer.this);
            }

            @Override
            public void init(ProcessorContext<?, ?> context) {
                if (asks) {
                    context.schedule(Duration.ofMillis(tickMillis()), PunctuationType.WALL_CLOCK_TIME, wallMs -> {
                        if (commitWanted(System.nanoTime())) {
                            context.commit();
                        }
                    });
                }
            }

            @Override
            public void handled(int commands) {
                CommitPacer.this.handled(commands);
            }
        };
    }

    /** What a stage's wrapper does for the pacer. */
    interface Hook {
        /** No pacing: Kafka Streams commits on its own interval. */
        Hook NONE = new Hook() {
            @Override
            public ProcessorContext<String, Object> stageContext(ProcessorContext<String, Object> context) {
                return context;
            }

            @Override
            public void init(ProcessorContext<?, ?> context) {
            }

            @Override
            public void handled(int commands) {
            }
        };

        /** The context to give the stage in place of {@code context}. */
        ProcessorContext<String, Object> stageContext(ProcessorContext<String, Object> context);

        void init(ProcessorContext<?, ?> context);

        void handled(int commands);
    }

    /**
     * The stage's context: its timers (seals, deadlines) run wrapped, and the records one writes count for the pacer
     * like commands, so they are committed on the pacer's interval. Records written while handling a command are
     * already covered by the command.
     */
    private static final class TimerOutputs extends ForwardingProcessorContext {

        private final CommitPacer pacer;
        private int forwarded;

        TimerOutputs(ProcessorContext<String, Object> context, CommitPacer pacer) {
            super(context);
            this.pacer = pacer;
        }

        @Override
        public Cancellable schedule(Duration interval, PunctuationType type, Punctuator callback) {
            return context.schedule(interval, type, timestamp -> {
                int before = forwarded;
                callback.punctuate(timestamp);
                if (forwarded > before) {
                    pacer.handled(forwarded - before);
                }
            });
        }

        @Override
        public <K extends String, V> void forward(Record<K, V> record) {
            forwarded++;
            context.forward(record);
        }

        @Override
        public <K extends String, V> void forward(Record<K, V> record, String childName) {
            forwarded++;
            context.forward(record, childName);
        }
    }
}
