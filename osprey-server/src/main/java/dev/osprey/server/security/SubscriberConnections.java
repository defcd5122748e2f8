package dev.osprey.server.security;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** How many publishes and plays each TOTP subscriber of a stream has open, against its {@code concurrentConnectionsLimit}. Thread-safe. */
final class SubscriberConnections {

    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();

    /**
     * Takes one connection slot of the subscriber when fewer than {@code limit} are taken (a limit
     * below 1 means no limit); returns what gives it back (run once), or null when the subscriber is at its limit.
     */
    Runnable tryAcquire(String streamId, String subscriberId, int limit) {
        String key = key(streamId, subscriberId);
        AtomicInteger count = open.computeIfAbsent(key, k -> new AtomicInteger());
        int now = count.incrementAndGet();
        if (limit > 0 && now > limit) {
            release(key, count);
            return null;
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                release(key, count);
            }
        };
    }

    /** The subscriber's open connections now. */
    int count(String streamId, String subscriberId) {
        AtomicInteger count = open.get(key(streamId, subscriberId));
        return count == null ? 0 : Math.max(0, count.get());
    }

    private void release(String key, AtomicInteger count) {
        if (count.decrementAndGet() <= 0) {
            open.remove(key, count); // a racing acquire that got this counter just made it 1 again: it stays
            if (count.get() > 0) {
                open.putIfAbsent(key, count);
            }
        }
    }

    private static String key(String streamId, String subscriberId) {
        return streamId + '\n' + subscriberId;
    }
}
