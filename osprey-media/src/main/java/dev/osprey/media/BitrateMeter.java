package dev.osprey.media;

/**
 * Bytes over a sliding one-second window of ten 100 ms buckets; not thread-safe, allocation-free.
 */
final class BitrateMeter {
    private static final long BUCKET_NANOS = 100_000_000L;
    private static final int BUCKETS = 10;

    private final long[] bytes = new long[BUCKETS];
    private long currentBucket = Long.MIN_VALUE;
    private long total;

    void add(int length, long nowNanos) {
        advance(nowNanos);
        bytes[(int) Math.floorMod(currentBucket, BUCKETS)] += length;
        total += length;
    }

    /** Bits per second over the last second. */
    long bitsPerSecond(long nowNanos) {
        advance(nowNanos);
        return total * 8;
    }

    private void advance(long nowNanos) {
        long bucket = Math.floorDiv(nowNanos, BUCKET_NANOS);
        if (currentBucket == Long.MIN_VALUE || bucket - currentBucket >= BUCKETS) {
            java.util.Arrays.fill(bytes, 0);
            total = 0;
        } else {
            for (long b = currentBucket + 1; b <= bucket; b++) {
                int i = (int) Math.floorMod(b, BUCKETS);
                total -= bytes[i];
                bytes[i] = 0;
            }
        }
        if (currentBucket == Long.MIN_VALUE || bucket > currentBucket) {
            currentBucket = bucket;
        }
    }
}
