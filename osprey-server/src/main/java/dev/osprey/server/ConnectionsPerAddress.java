package dev.osprey.server;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Open connections per client IP address, capped, so that one host cannot take every socket and
 * file descriptor of the server: one count for HTTP connections, one for WebSockets. Thread-safe: the HTTP verticles on every event loop share one.
 * The address is the TCP peer's: behind a reverse proxy every client has the proxy's address.
 */
public final class ConnectionsPerAddress {

    private final int max;
    private final ConcurrentMap<String, Integer> open = new ConcurrentHashMap<>();

    /** @param max sockets allowed per address; 0 = no limit */
    public ConnectionsPerAddress(int max) {
        this.max = max;
    }

    /** True when {@code address} may open one more socket now (an early, unreserved look). */
    public boolean hasRoom(String address) {
        return max == 0 || open.getOrDefault(address, 0) < max;
    }

    /** Counts one more socket from {@code address}; false (nothing counted) when it has {@code max} already. */
    public boolean tryAcquire(String address) {
        if (max == 0) {
            return true;
        }
        boolean[] acquired = {false};
        open.compute(address, (key, count) -> {
            int current = count == null ? 0 : count;
            if (current >= max) {
                return count;
            }
            acquired[0] = true;
            return current + 1;
        });
        return acquired[0];
    }

    /** One socket {@link #tryAcquire acquired} for {@code address} closed. */
    public void release(String address) {
        if (max != 0) {
            open.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
        }
    }
}
