package dev.osprey.media;

/**
 * Finds losses on the publisher's leg from sequence gaps and decides which to NACK: a missing
 * packet is NACKed when the gap is seen, then again every retry interval, at most a number of
 * times and only while it is younger than the age limit. A gap larger than the table is not
 * NACKed (a keyframe request serves better). Not thread-safe; allocation-free.
 */
final class LossTracker {
    static final int CAPACITY = 256;

    private final long retryNanos;
    private final int maxRetries;
    private final long maxAgeNanos;
    private final long[] missing = new long[CAPACITY];
    private final long[] firstSeen = new long[CAPACITY];
    private final long[] lastSent = new long[CAPACITY];
    private final int[] tries = new int[CAPACITY];
    private int count;
    private long highest = -1;
    private long nacksSent;

    LossTracker(long retryNanos, int maxRetries, long maxAgeNanos) {
        this.retryNanos = retryNanos;
        this.maxRetries = maxRetries;
        this.maxAgeNanos = maxAgeNanos;
    }

    void reset() {
        count = 0;
        highest = -1;
    }

    /**
     * Records the arrival of extended sequence number {@code ext}; returns false when the gap before
     * it was too large to track.
     */
    boolean onPacket(long ext, long nowNanos) {
        if (highest < 0) {
            highest = ext;
            return true;
        }
        if (ext <= highest) {
            remove(ext);
            return true;
        }
        long gap = ext - highest - 1;
        boolean tracked = gap <= CAPACITY;
        if (tracked) {
            for (long s = highest + 1; s < ext; s++) {
                if (count == CAPACITY) {
                    removeAt(0);
                }
                missing[count] = s;
                firstSeen[count] = nowNanos;
                lastSent[count] = Long.MIN_VALUE;
                tries[count] = 0;
                count++;
            }
        } else {
            count = 0;
        }
        highest = ext;
        return tracked;
    }

    /**
     * Writes the sequence numbers to NACK now into {@code out} (ascending) and marks them sent;
     * drops entries past their retry or age limit. Returns how many were written.
     */
    int due(long nowNanos, int[] out) {
        int n = 0;
        int i = 0;
        while (i < count) {
            if (tries[i] >= maxRetries || nowNanos - firstSeen[i] > maxAgeNanos) {
                removeAt(i);
                continue;
            }
            if (n < out.length && (tries[i] == 0 || nowNanos - lastSent[i] >= retryNanos)) {
                out[n++] = (int) (missing[i] & 0xFFFF);
                lastSent[i] = nowNanos;
                tries[i]++;
            }
            i++;
        }
        if (n > 0) {
            nacksSent++;
        }
        return n;
    }

    int missingCount() {
        return count;
    }

    long nacksSent() {
        return nacksSent;
    }

    private void remove(long ext) {
        for (int i = 0; i < count; i++) {
            if (missing[i] == ext) {
                removeAt(i);
                return;
            }
        }
    }

    private void removeAt(int i) {
        int tail = count - i - 1;
        System.arraycopy(missing, i + 1, missing, i, tail);
        System.arraycopy(firstSeen, i + 1, firstSeen, i, tail);
        System.arraycopy(lastSent, i + 1, lastSent, i, tail);
        System.arraycopy(tries, i + 1, tries, i, tail);
        count--;
    }
}
