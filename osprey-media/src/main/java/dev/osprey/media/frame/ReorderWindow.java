package dev.osprey.media.frame;

import dev.osprey.webrtc.rtp.SequenceUnwrapper;
import java.util.Arrays;

/**
 * Puts one RTP stream's packets back in sequence order. Packets are held by extended sequence
 * number in preallocated slots (their payloads copied, since callers reuse their buffers) and
 * released in order; a packet that arrives in order goes straight through without a copy. A
 * missing packet is declared lost once a later packet has waited longer than the maximum delay,
 * or when a packet arrives too far ahead for the window to hold. Duplicates and packets older than
 * what was released are counted and ignored; a run of packets far behind (a source that restarted
 * its sequence numbers) restarts the window on them.
 */
final class ReorderWindow {
    private static final long EMPTY = Long.MIN_VALUE;
    /** Consecutive packets more than a window behind that make the window follow them. */
    static final int STRAY_LIMIT = 16;

    private final int capacity;
    private final int mask;
    private final long maxDelayNanos;
    private final int maxPacketSize;
    private final PacketOutput out;
    private final SequenceUnwrapper unwrapper = new SequenceUnwrapper();

    private final long[] sequences;
    private final int[] timestamps;
    private final int[] lengths;
    private final boolean[] markers;
    private final long[] arrivals;
    private final byte[] payloads;

    private boolean started;
    private long next;       // the next extended sequence number to release
    private int held;
    private long oldestArrival;
    private int strays;

    private long duplicates;
    private long late;
    private long lost;
    private long discarded;

    ReorderWindow(int capacity, long maxDelayNanos, int maxPacketSize, PacketOutput out) {
        if (Integer.bitCount(capacity) != 1 || capacity < 2 || capacity > 16_384) {
            throw new IllegalArgumentException("window must be a power of two in 2..16384: " + capacity);
        }
        if (maxPacketSize < 1 || (long) capacity * maxPacketSize > 1 << 26) {
            throw new IllegalArgumentException("window of " + capacity + " packets of " + maxPacketSize + " bytes");
        }
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.maxDelayNanos = maxDelayNanos;
        this.maxPacketSize = maxPacketSize;
        this.out = out;
        this.sequences = new long[capacity];
        this.timestamps = new int[capacity];
        this.lengths = new int[capacity];
        this.markers = new boolean[capacity];
        this.arrivals = new long[capacity];
        this.payloads = new byte[capacity * maxPacketSize];
        Arrays.fill(sequences, EMPTY);
    }

    void offer(int sequenceNumber, int timestamp, boolean marker, byte[] buf, int off, int len, long now) {
        if (len > maxPacketSize) {
            discarded++; // its sequence number becomes a loss
            return;
        }
        long s = unwrapper.unwrap(sequenceNumber);
        if (!started) {
            started = true;
            next = s;
        }
        if (s < next) {
            late++;
            if (next - s > capacity && ++strays >= STRAY_LIMIT) {
                restart();
                offer(sequenceNumber, timestamp, marker, buf, off, len, now);
            }
            return;
        }
        strays = 0;
        if (s - next >= capacity) {
            releaseBefore(s - capacity + 1);
        }
        int slot = (int) s & mask;
        if (sequences[slot] == s) {
            duplicates++;
            return;
        }
        if (s == next) {
            next++;
            out.packet(s, timestamp, marker, buf, off, len, now);
            if (held > 0) {
                releaseInOrder();
            }
        } else {
            sequences[slot] = s;
            timestamps[slot] = timestamp;
            markers[slot] = marker;
            lengths[slot] = len;
            arrivals[slot] = now;
            System.arraycopy(buf, off, payloads, slot * maxPacketSize, len);
            oldestArrival = held == 0 ? now : Math.min(oldestArrival, now);
            held++;
        }
        expire(now);
    }

    /** Declares lost whatever held packets have waited too long for. */
    void expire(long now) {
        while (held > 0 && now - oldestArrival > maxDelayNanos) {
            long missing = 0;
            while (sequences[(int) next & mask] != next) {
                next++;
                missing++;
            }
            reportLost(missing);
            releaseInOrder();
        }
    }

    /** Forgets every packet and the sequence history. */
    void reset() {
        clearSlots();
        unwrapper.reset();
        started = false;
        strays = 0;
    }

    long duplicates() {
        return duplicates;
    }

    long late() {
        return late;
    }

    long lost() {
        return lost;
    }

    long discarded() {
        return discarded;
    }

    private void restart() {
        reset();
        out.restarted();
    }

    private void clearSlots() {
        for (long s = next; held > 0; s++) {
            int slot = (int) s & mask;
            if (sequences[slot] == s) {
                sequences[slot] = EMPTY;
                held--;
            }
        }
    }

    /** Releases (or declares lost) everything before {@code target}, which moves the window forward. */
    private void releaseBefore(long target) {
        long missing = 0;
        while (next < target && held > 0) {
            int slot = (int) next & mask;
            if (sequences[slot] == next) {
                reportLost(missing);
                missing = 0;
                release(slot);
            } else {
                missing++;
            }
            next++;
        }
        if (next < target) {
            missing += target - next;
            next = target;
        }
        reportLost(missing);
        if (held > 0) {
            releaseInOrder();
        }
    }

    /** Releases the held packets that continue the sequence, then finds the oldest one left. */
    private void releaseInOrder() {
        while (held > 0) {
            int slot = (int) next & mask;
            if (sequences[slot] != next) {
                break;
            }
            next++;
            release(slot);
        }
        if (held > 0) {
            long oldest = Long.MAX_VALUE;
            int found = 0;
            for (long s = next; found < held; s++) {
                int slot = (int) s & mask;
                if (sequences[slot] == s) {
                    oldest = Math.min(oldest, arrivals[slot]);
                    found++;
                }
            }
            oldestArrival = oldest;
        }
    }

    private void release(int slot) {
        long s = sequences[slot];
        sequences[slot] = EMPTY;
        held--;
        out.packet(s, timestamps[slot], markers[slot], payloads, slot * maxPacketSize, lengths[slot], arrivals[slot]);
    }

    private void reportLost(long missing) {
        if (missing > 0) {
            lost += missing;
            out.lost(missing);
        }
    }
}
