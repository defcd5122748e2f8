package dev.osprey.ingest.srt;

import io.netty.buffer.ByteBuf;

/**
 * A connection's received data packets by sequence number, released in order at their TSBPD time.
 * Slots are indexed by {@code seq & (capacity - 1)}, which stays consistent across the 31-bit wrap
 * because the capacity is a power of two. A packet more than the capacity ahead of the next one to
 * deliver is refused, so memory is bounded whatever the caller sends.
 *
 * <p>A missing packet holds back the ones after it until one of them is due: then the missing ones
 * are given up (too-late packet drop), so a lossy link yields a gap, not a stall.
 *
 * <p>Not thread-safe: used on the connection's event loop.
 */
final class ReceiveBuffer {
    enum Outcome { STORED, DUPLICATE, TOO_LATE, BEYOND_BUFFER }

    /** Receives each packet (the whole datagram, header included) when it is due; the buffer releases it after. */
    interface Sink {
        void deliver(ByteBuf packet);
    }

    private final ByteBuf[] packets;
    private final long[] dueNanos;
    private final int mask;
    /** The next sequence number to deliver. */
    private int head;
    /** The highest sequence number received; {@code head - 1} when none is waiting. */
    private int highest;
    /** The first sequence number not received, from {@link #head}: what a full ACK acknowledges. */
    private int ackPoint;
    /** Set by {@link #insert} when the packet revealed missing ones: the first and last of them. */
    int gapFirst;
    int gapLast;
    long givenUp;

    ReceiveBuffer(int capacity, int initialSequence) {
        packets = new ByteBuf[capacity];
        dueNanos = new long[capacity];
        mask = capacity - 1;
        head = initialSequence;
        highest = SequenceNumbers.previous(initialSequence);
        ackPoint = initialSequence;
    }

    /**
     * Stores a packet (retaining it) to be delivered at {@code due}. When it is ahead of the highest
     * received by more than one, {@link #gapFirst}..{@link #gapLast} names the packets found missing
     * and the method returns STORED with {@code gapFirst != -1}.
     */
    Outcome insert(int seq, ByteBuf packet, long due) {
        gapFirst = -1;
        int offset = SequenceNumbers.diff(seq, head);
        if (offset < 0) {
            return Outcome.TOO_LATE;
        }
        if (offset > mask) {
            return Outcome.BEYOND_BUFFER;
        }
        int slot = seq & mask;
        if (packets[slot] != null) {
            return Outcome.DUPLICATE;
        }
        packets[slot] = packet.retain();
        dueNanos[slot] = due;
        int ahead = SequenceNumbers.diff(seq, highest);
        if (ahead > 1) {
            gapFirst = SequenceNumbers.next(highest);
            gapLast = SequenceNumbers.previous(seq);
        }
        if (ahead > 0) {
            highest = seq;
        }
        return Outcome.STORED;
    }

    /** Delivers every packet that is due, giving up missing ones that hold back a due packet. */
    void deliver(long now, Sink sink) {
        deliver(now, false, sink);
    }

    /** Delivers everything held at once, skipping the missing: the caller is gone, nothing more will come. */
    void drain(Sink sink) {
        deliver(0, true, sink);
    }

    private void deliver(long now, boolean all, Sink sink) {
        while (SequenceNumbers.diff(highest, head) >= 0) {
            int slot = head & mask;
            ByteBuf packet = packets[slot];
            if (packet != null) {
                if (!all && dueNanos[slot] - now > 0) {
                    return;
                }
                packets[slot] = null;
                head = SequenceNumbers.next(head);
                try {
                    sink.deliver(packet);
                } finally {
                    packet.release();
                }
            } else {
                int next = nextStored(head);
                if (!all && dueNanos[next & mask] - now > 0) {
                    return;
                }
                givenUp += SequenceNumbers.diff(next, head);
                head = next;
            }
        }
    }

    /** The first stored sequence number after {@code seq}; one exists while {@code highest} is ahead. */
    private int nextStored(int seq) {
        int s = SequenceNumbers.next(seq);
        while (packets[s & mask] == null) {
            s = SequenceNumbers.next(s);
        }
        return s;
    }

    /** The first sequence number not yet received (all before it were received or given up). */
    int ackPoint() {
        if (SequenceNumbers.diff(ackPoint, head) < 0) {
            ackPoint = head;
        }
        while (SequenceNumbers.diff(ackPoint, highest) <= 0 && packets[ackPoint & mask] != null) {
            ackPoint = SequenceNumbers.next(ackPoint);
        }
        return ackPoint;
    }

    boolean hasLoss() {
        return SequenceNumbers.diff(highest, ackPoint()) > 0;
    }

    /**
     * Writes the missing packets between the ACK point and the highest received as a loss list
     * (a range is its first number with the top bit set, then its last), at most {@code maxWords}.
     */
    void writeLossList(ByteBuf out, int maxWords) {
        int words = 0;
        int s = ackPoint();
        while (SequenceNumbers.diff(s, highest) < 0 && words + 2 <= maxWords) {
            if (packets[s & mask] != null) {
                s = SequenceNumbers.next(s);
                continue;
            }
            int last = s;
            while (SequenceNumbers.diff(SequenceNumbers.next(last), highest) < 0
                    && packets[SequenceNumbers.next(last) & mask] == null) {
                last = SequenceNumbers.next(last);
            }
            if (last == s) {
                out.writeInt(s);
                words++;
            } else {
                out.writeInt(0x8000_0000 | s);
                out.writeInt(last);
                words += 2;
            }
            s = SequenceNumbers.next(last);
        }
    }

    /** Free slots, as the ACK's "available buffer size" tells the sender. */
    int available() {
        return packets.length - (SequenceNumbers.diff(highest, head) + 1);
    }

    int head() {
        return head;
    }

    /** Releases every packet still held. */
    void clear() {
        for (int i = 0; i < packets.length; i++) {
            if (packets[i] != null) {
                packets[i].release();
                packets[i] = null;
            }
        }
    }
}
