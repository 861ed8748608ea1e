package dev.ledgerline.observability.queues;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the latest {@link GroupBacklog} of some watched consumer groups, refreshed on one background
 * thread at a fixed interval, so that scrapes and page views read a cached answer instead of each
 * asking the broker (and never pile up behind a slow one). A failed refresh keeps the previous rows
 * and records the error in them. Watches may be added and removed while it runs (one per webhook subscription or
 * hook, say): a new one is read from the next refresh on.
 */
public final class BacklogMonitor implements AutoCloseable {

    /** A consumer group and the topics it reads, under a short name (e.g. {@code processor}). */
    public record Watch(String name, String groupId, List<String> topics) {
    }

    private static final Logger log = LoggerFactory.getLogger(BacklogMonitor.class);

    private final ConsumerGroupBacklogReader reader;
    private final List<Watch> watches;
    private final Duration interval;
    private final Map<String, GroupBacklog> latest = new ConcurrentHashMap<>();
    private final List<Consumer<BacklogMonitor>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile ScheduledExecutorService scheduler;

    public BacklogMonitor(String bootstrapServers, List<Watch> watches, Duration interval) {
        this.reader = new ConsumerGroupBacklogReader(bootstrapServers, Duration.ofSeconds(2));
        this.watches = new java.util.concurrent.CopyOnWriteArrayList<>(watches);
        this.interval = interval;
        watches.forEach(w -> latest.put(w.name(), GroupBacklog.empty(w.groupId())));
    }

    /** Called on the refresh thread after every refresh (e.g. to (re)register per-partition gauges). */
    public void onRefresh(Consumer<BacklogMonitor> listener) {
        listeners.add(listener);
    }

    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "queue-views-refresh");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The latest backlog of the watch called {@code name} (empty with an error until the first refresh). */
    public GroupBacklog latest(String name) {
        GroupBacklog backlog = latest.get(name);
        if (backlog == null) {
            throw new IllegalArgumentException("no watch named " + name);
        }
        return backlog;
    }

    public List<Watch> watches() {
        return List.copyOf(watches);
    }

    /** Watches {@code watch} from the next refresh on, in place of any watch of the same name and another group. */
    public synchronized void watch(Watch watch) {
        Watch current = watches.stream().filter(w -> w.name().equals(watch.name())).findFirst().orElse(null);
        if (watch.equals(current)) {
            return;
        }
        if (current != null) {
            watches.remove(current);
        }
        watches.add(watch);
        latest.put(watch.name(), GroupBacklog.empty(watch.groupId()));
    }

    /** Stops watching the watch called {@code name} and forgets its backlog (nothing when there is none). */
    public synchronized void unwatch(String name) {
        watches.removeIf(w -> w.name().equals(name));
        latest.remove(name);
    }

    /** The latest backlog of the watch called {@code name}, if it is watched. */
    public java.util.Optional<GroupBacklog> find(String name) {
        return java.util.Optional.ofNullable(latest.get(name));
    }

    public Duration interval() {
        return interval;
    }

    /** Reads every watched group now (on the caller's thread); synchronized with the scheduled refresh. */
    public synchronized void refresh() {
        for (Watch watch : watches) {
            try {
                latest.put(watch.name(), reader.read(watch.groupId(), watch.topics()));
            } catch (RuntimeException e) {
                latest.computeIfPresent(watch.name(), (name, previous) -> previous.failed(e.getMessage()));
                log.warn("queue views: could not read the backlog of group {}: {}", watch.groupId(), e.getMessage());
            }
        }
        for (Consumer<BacklogMonitor> listener : listeners) {
            try {
                listener.accept(this);
            } catch (RuntimeException e) {
                log.warn("queue views: refresh listener failed", e);
            }
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (Throwable e) {
            // never let the scheduled task die: the next interval tries again
            log.warn("queue views: refresh failed", e);
        }
    }

    /**
     * Stops the refresh first, without the lock: a refresh holds it for as long as it reads, up to 10 s per watched
     * group while the broker does not answer, and the interrupt ends that read at once.
     */
    @Override
    public void close() {
        ScheduledExecutorService refresher = scheduler;
        if (refresher != null) {
            refresher.shutdownNow();
            try {
                refresher.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            scheduler = null;
            reader.close();
        }
    }
}
