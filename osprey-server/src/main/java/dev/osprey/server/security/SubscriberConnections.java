package dev.osprey.server.security;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** How many publishes and plays each TOTP subscriber of a stream has open, against its {@code concurrentConnectionsLimit}. Thread-safe. */
final class SubscriberConnections {

    /** Open connections by stream and subscriber; absent when none (each key is changed atomically). */
    private final ConcurrentMap<String, Integer> open = new ConcurrentHashMap<>();

    /**
     * Takes one connection slot of the subscriber when fewer than {@code limit} are taken (a limit
     * below 1 means no limit); returns what gives it back (at most once), or null when the subscriber
     * is at its limit.
     */
    Runnable tryAcquire(String streamId, String subscriberId, int limit) {
        String key = key(streamId, subscriberId);
        boolean[] acquired = {false};
        open.compute(key, (k, count) -> {
            int current = count == null ? 0 : count;
            if (limit > 0 && current >= limit) {
                return count;
            }
            acquired[0] = true;
            return current + 1;
        });
        if (!acquired[0]) {
            return null;
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                open.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
            }
        };
    }

    /** The subscriber's open connections now. */
    int count(String streamId, String subscriberId) {
        return open.getOrDefault(key(streamId, subscriberId), 0);
    }

    private static String key(String streamId, String subscriberId) {
        return streamId + '\n' + subscriberId;
    }
}
