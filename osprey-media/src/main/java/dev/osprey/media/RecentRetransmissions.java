package dev.osprey.media;

import java.util.Arrays;

/**
 * When each packet of a source track's {@link RetransmissionCache} was last retransmitted to one
 * viewer, so that a packet goes out at most once per round trip however often it is NACKed: a NACK
 * repeated before the retransmission could have arrived asks for nothing new.
 *
 * <p>Indexed by cache slot and checked against the sequence number the slot holds, so an entry can
 * only be displaced by the packet that displaced it in the cache (which makes the old one unanswerable
 * anyway). Not thread-safe; allocation-free after construction.
 */
final class RecentRetransmissions {
    private final int[] sequences;
    private final long[] sentNanos;

    /** @param slots the size of the cache it shadows */
    RecentRetransmissions(int slots) {
        sequences = new int[slots];
        sentNanos = new long[slots];
        Arrays.fill(sequences, -1);
    }

    int slots() {
        return sequences.length;
    }

    /** True when {@code seq}, held in cache slot {@code slot}, was retransmitted less than {@code intervalNanos} ago. */
    boolean sentWithin(int slot, int seq, long nowNanos, long intervalNanos) {
        return sequences[slot] == seq && nowNanos - sentNanos[slot] < intervalNanos;
    }

    void sent(int slot, int seq, long nowNanos) {
        sequences[slot] = seq;
        sentNanos[slot] = nowNanos;
    }
}
