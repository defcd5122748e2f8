package dev.osprey.server.hls;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts a stream's HLS viewers: players that asked for its playlist within a window (players reload it
 * every segment, LL-HLS players every part). A viewer is told apart by its address and user agent, as
 * HLS requests carry nothing else in common; players behind one address with one user agent count once.
 * Any thread.
 */
final class HlsViewers {
    /** Most viewers remembered per stream: a flood of made-up user agents cannot grow the map without bound. */
    static final int MAX_PER_STREAM = 100_000;

    private final Map<String, Map<String, Long>> lastSeen = new ConcurrentHashMap<>();
    private final Map<String, Integer> written = new ConcurrentHashMap<>();

    void seen(String streamId, String viewer, long nowNanos) {
        Map<String, Long> seen = lastSeen.computeIfAbsent(streamId, id -> new ConcurrentHashMap<>());
        if (seen.size() < MAX_PER_STREAM || seen.containsKey(viewer)) {
            seen.put(viewer, nowNanos);
        }
    }

    int count(String streamId, long nowNanos, long windowNanos) {
        Map<String, Long> seen = lastSeen.get(streamId);
        if (seen == null) {
            return 0;
        }
        int n = 0;
        for (long at : seen.values()) {
            if (nowNanos - at <= windowNanos) {
                n++;
            }
        }
        return n;
    }

    Set<String> streams() {
        return lastSeen.keySet();
    }

    /** Whether {@code count} differs from what was last written for the stream (and remembers it). */
    boolean changed(String streamId, int count) {
        Integer before = written.put(streamId, count);
        return before == null ? count != 0 : before != count;
    }

    /** Forgets viewers not seen for {@code idleNanos}, and streams without any. */
    void forgetIdle(long nowNanos, long idleNanos) {
        lastSeen.forEach((streamId, seen) -> {
            seen.values().removeIf(at -> nowNanos - at > idleNanos);
            if (seen.isEmpty() && written.getOrDefault(streamId, 0) == 0) {
                lastSeen.remove(streamId, seen);
                written.remove(streamId);
            }
        });
    }
}
