package dev.osprey.media;

/**
 * The last N packets of one publisher track, exactly as received (after RTX unwrapping), in
 * preallocated slots indexed by sequence number. Packets longer than a slot are not cached.
 * Not thread-safe; allocation-free after construction.
 */
final class RetransmissionCache {
    static final int SLOT_SIZE = 1500;

    private final byte[][] slots;
    private final int[] lengths;
    private final int[] sequences;
    private final long[] arrivals;
    private final int mask;

    RetransmissionCache(int size) {
        slots = new byte[size][SLOT_SIZE];
        lengths = new int[size];
        sequences = new int[size];
        arrivals = new long[size];
        mask = size - 1;
    }

    void store(int seq, byte[] buf, int off, int len, long arrivalNanos) {
        int i = seq & mask;
        if (len > SLOT_SIZE) {
            lengths[i] = 0;
            return;
        }
        System.arraycopy(buf, off, slots[i], 0, len);
        lengths[i] = len;
        sequences[i] = seq & 0xFFFF;
        arrivals[i] = arrivalNanos;
    }

    /** Slot index holding {@code seq} received no earlier than {@code notBeforeNanos}, or -1. */
    int find(int seq, long notBeforeNanos) {
        int i = seq & mask;
        return lengths[i] > 0 && sequences[i] == (seq & 0xFFFF) && arrivals[i] - notBeforeNanos >= 0 ? i : -1;
    }

    int size() {
        return lengths.length;
    }

    byte[] data(int slot) {
        return slots[slot];
    }

    int length(int slot) {
        return lengths[slot];
    }

    void clear() {
        java.util.Arrays.fill(lengths, 0);
    }
}
