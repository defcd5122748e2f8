package dev.osprey.ingest.audio;

import org.slf4j.Logger;

/**
 * Logs a recurring warning at most once per interval, saying how many were left out. Corrupt input
 * can fail every frame; one line per frame would flood the log. Not thread-safe: one per worker.
 */
final class RateLimitedLog {
    private final Logger log;
    private final long intervalNanos;
    private long lastNanos;
    private boolean logged;
    private long suppressed;

    RateLimitedLog(Logger log, long intervalNanos) {
        this.log = log;
        this.intervalNanos = intervalNanos;
    }

    void warn(String format, Object... arguments) {
        long now = System.nanoTime();
        if (logged && now - lastNanos < intervalNanos) {
            suppressed++;
            return;
        }
        if (suppressed > 0) {
            log.warn("({} similar warnings left out)", suppressed);
            suppressed = 0;
        }
        logged = true;
        lastNanos = now;
        log.warn(format, arguments);
    }
}
