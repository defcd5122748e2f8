package dev.osprey.loadtest.stats;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A thread-safe log-linear histogram of non-negative longs (e.g. microseconds). Values below
 * {@value #SUB_BUCKETS} are kept exactly; larger ones in buckets whose width is at most 1/64 of their
 * lower bound, so a reported percentile is within 1.6% of the true sample. Recording allocates nothing,
 * which matters when every forwarded packet records its latency.
 *
 * <p>Percentiles use the nearest-rank definition: the smallest recorded value such that at least
 * p% of all samples are less than or equal to it; the bucket's lower bound is reported.
 */
public final class Histogram {
    private static final int SUB_BITS = 7;
    static final int SUB_BUCKETS = 1 << SUB_BITS;
    private static final int HALF = SUB_BUCKETS / 2;
    // Value 2^62 still fits: (62 - SUB_BITS + 1) magnitudes of HALF buckets after the exact range.
    private static final int BUCKETS = SUB_BUCKETS + (63 - SUB_BITS) * HALF;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLongArray summary = new AtomicLongArray(3); // count, sum, max

    /** Records one value; negative values are clamped to 0. */
    public void record(long value) {
        long v = Math.max(0, value);
        counts.incrementAndGet(bucketOf(v));
        summary.incrementAndGet(0);
        summary.addAndGet(1, v);
        long max;
        while (v > (max = summary.get(2))) {
            if (summary.compareAndSet(2, max, v)) {
                break;
            }
        }
    }

    public long count() {
        return summary.get(0);
    }

    public long max() {
        return summary.get(2);
    }

    /** The mean, or 0 when empty. */
    public double mean() {
        long n = count();
        return n == 0 ? 0 : (double) summary.get(1) / n;
    }

    /**
     * The nearest-rank percentile (0 &lt; p ≤ 100), or 0 when empty; p = 100 is the exact maximum.
     */
    public long percentile(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        long n = count();
        if (n == 0) {
            return 0;
        }
        if (p == 100) {
            return max();
        }
        long rank = (long) Math.ceil(p / 100.0 * n);
        long seen = 0;
        for (int b = 0; b < BUCKETS; b++) {
            seen += counts.get(b);
            if (seen >= rank) {
                return Math.min(lowerBound(b), max());
            }
        }
        return max();
    }

    static int bucketOf(long v) {
        if (v < SUB_BUCKETS) {
            return (int) v;
        }
        int magnitude = 63 - Long.numberOfLeadingZeros(v); // >= SUB_BITS
        int shift = magnitude - SUB_BITS + 1;
        int sub = (int) (v >>> shift); // in [HALF, SUB_BUCKETS)
        return SUB_BUCKETS + (shift - 1) * HALF + (sub - HALF);
    }

    static long lowerBound(int bucket) {
        if (bucket < SUB_BUCKETS) {
            return bucket;
        }
        int shift = (bucket - SUB_BUCKETS) / HALF + 1;
        int sub = (bucket - SUB_BUCKETS) % HALF + HALF;
        return (long) sub << shift;
    }
}
