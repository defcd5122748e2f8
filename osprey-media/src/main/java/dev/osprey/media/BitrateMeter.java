package dev.osprey.media;

import java.util.Arrays;

/**
 * Bytes over a sliding window of ten 100 ms buckets, divided by the time the retained buckets
 * actually cover (so a half-filled current bucket does not bias the figure). Not thread-safe,
 * allocation-free.
 */
final class BitrateMeter {
    private static final long BUCKET_NANOS = 100_000_000L;
    private static final int BUCKETS = 10;

    private final long[] bytes = new long[BUCKETS];
    private boolean started;
    private long currentBucket;
    private long firstNanos;
    private long total;

    void add(int length, long nowNanos) {
        if (!started) {
            started = true;
            firstNanos = nowNanos;
            currentBucket = Math.floorDiv(nowNanos, BUCKET_NANOS);
        }
        advance(nowNanos);
        bytes[Math.floorMod(currentBucket, BUCKETS)] += length;
        total += length;
    }

    /** Bits per second over (up to) the last second. */
    long bitsPerSecond(long nowNanos) {
        if (!started) {
            return 0;
        }
        advance(nowNanos);
        long windowStart = Math.max(firstNanos, (currentBucket - BUCKETS + 1) * BUCKET_NANOS);
        long span = Math.max(BUCKET_NANOS, nowNanos - windowStart);
        return total * 8 * 1_000_000_000L / span;
    }

    private void advance(long nowNanos) {
        long bucket = Math.floorDiv(nowNanos, BUCKET_NANOS);
        if (bucket <= currentBucket) {
            return;
        }
        if (bucket - currentBucket >= BUCKETS) {
            Arrays.fill(bytes, 0);
            total = 0;
        } else {
            for (long b = currentBucket + 1; b <= bucket; b++) {
                int i = Math.floorMod(b, BUCKETS);
                total -= bytes[i];
                bytes[i] = 0;
            }
        }
        currentBucket = bucket;
    }
}
