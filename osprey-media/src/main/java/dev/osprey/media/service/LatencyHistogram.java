package dev.osprey.media.service;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in whole microseconds, one bucket per microsecond up to {@link #MAX_MICROS} (longer ones
 * share the last bucket). Recording allocates nothing; readers on other threads see a consistent
 * enough picture for statistics.
 */
public final class LatencyHistogram {
    public static final int MAX_MICROS = 20_000;

    private final AtomicLongArray counts = new AtomicLongArray(MAX_MICROS + 1);

    public void recordNanos(long nanos) {
        int micros = (int) Math.min(MAX_MICROS, Math.max(0, nanos / 1_000));
        counts.incrementAndGet(micros);
    }

    public long count() {
        long n = 0;
        for (int i = 0; i <= MAX_MICROS; i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** The smallest latency in microseconds that at least {@code quantile} (0..1] of the samples do not exceed; -1 when empty. */
    public int percentileMicros(double quantile) {
        long total = count();
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i <= MAX_MICROS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return i;
            }
        }
        return MAX_MICROS;
    }

    public void reset() {
        for (int i = 0; i <= MAX_MICROS; i++) {
            counts.set(i, 0);
        }
    }
}
