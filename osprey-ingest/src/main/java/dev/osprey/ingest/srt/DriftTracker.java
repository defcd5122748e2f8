package dev.osprey.ingest.srt;

import java.util.concurrent.TimeUnit;

/**
 * Follows how the caller's clock drifts from ours: the mean of (arrival - expected arrival) over
 * each run of first transmissions, and, when it has moved more than a few milliseconds, the shift
 * to apply to the caller's time base so TSBPD keeps the latency it agreed (as libsrt's drift
 * tracer does, over data packets rather than ACKACKs).
 */
final class DriftTracker {
    static final int SAMPLES = 1000;
    private static final long THRESHOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private long sum;
    private int count;

    /** Adds one packet's lateness; returns the correction to add to the time base (usually 0). */
    long sample(long latenessNanos) {
        sum += latenessNanos;
        if (++count < SAMPLES) {
            return 0;
        }
        long mean = sum / count;
        sum = 0;
        count = 0;
        return Math.abs(mean) > THRESHOLD_NANOS ? mean : 0;
    }
}
