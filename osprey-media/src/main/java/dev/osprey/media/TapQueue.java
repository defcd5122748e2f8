package dev.osprey.media;

import dev.osprey.webrtc.rtp.RtpPacket;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded hand-off from a broadcast's thread (the one producer) to a tap's worker (the one
 * consumer). Packet bytes are copied back to back into one preallocated byte ring, so small audio
 * packets take little room; a small descriptor ring says what each entry is. When either ring is full
 * the entry is dropped and counted, and the next entry that fits carries the count of what was lost
 * before it. Nothing is allocated per entry and the producer never waits.
 *
 * <p>Positions only grow; the producer publishes its descriptor count with a release store, the
 * consumer publishes how far it has read with release stores, and each side reads the other's with
 * acquire loads.
 */
final class TapQueue {
    static final int RTP = 1;
    static final int SENDER_REPORT = 2;
    static final int SOURCE = 3;

    /** What the consumer does with each entry. */
    interface Consumer {
        void rtp(int track, byte[] buf, int off, int len, long arrivalNanos, long lostBefore);

        void senderReport(int track, long ntp, int rtp, long arrivalNanos, long lostBefore);

        void source(SourceDescription description, long lostBefore);
    }

    private final byte[] bytes;
    private final int byteMask;
    private final int slotMask;
    private final int[] types;
    private final int[] tracks;
    private final int[] offsets;
    private final int[] lengths;
    private final long[] arrivals;
    private final long[] ends;
    private final long[] lostBefore;
    private final long[] ntps;
    private final int[] rtps;
    private final Object[] objects;

    private final AtomicLong published = new AtomicLong();
    private final AtomicLong consumed = new AtomicLong();
    private final AtomicLong freedBytes = new AtomicLong();

    // Producer only.
    private long head;
    private long writePos;
    private long pendingLost;
    private volatile long dropped;

    // Consumer only.
    private long tail;

    /** {@code byteCapacity} and {@code slots} are rounded up to powers of two. */
    TapQueue(int byteCapacity, int slots) {
        int b = Integer.highestOneBit(Math.max(byteCapacity, Broadcast.MAX_PACKET) * 2 - 1);
        int s = Integer.highestOneBit(Math.max(slots, 2) * 2 - 1);
        bytes = new byte[b];
        byteMask = b - 1;
        slotMask = s - 1;
        types = new int[s];
        tracks = new int[s];
        offsets = new int[s];
        lengths = new int[s];
        arrivals = new long[s];
        ends = new long[s];
        lostBefore = new long[s];
        ntps = new long[s];
        rtps = new int[s];
        objects = new Object[s];
    }

    // ---------------------------------------------------------------- producer

    /** Queues a copy of the packet; false (and counted) when there is no room. */
    boolean offerRtp(int track, RtpPacket packet, long arrivalNanos) {
        int len = packet.length();
        int slot = claimSlot();
        if (slot < 0) {
            return false;
        }
        int at = (int) (writePos & byteMask);
        int contiguous = bytes.length - at;
        long needed = len <= contiguous ? len : contiguous + (long) len; // a packet never wraps: skip the end
        if (needed > bytes.length - (writePos - freedBytes.getAcquire())) {
            lose();
            return false;
        }
        if (len > contiguous) {
            writePos += contiguous;
            at = 0;
        }
        System.arraycopy(packet.buffer(), packet.offset(), bytes, at, len);
        writePos += len;
        offsets[slot] = at;
        lengths[slot] = len;
        tracks[slot] = track;
        arrivals[slot] = arrivalNanos;
        publish(slot, RTP);
        return true;
    }

    boolean offerSenderReport(int track, long ntp, int rtp, long arrivalNanos) {
        int slot = claimSlot();
        if (slot < 0) {
            return false;
        }
        tracks[slot] = track;
        ntps[slot] = ntp;
        rtps[slot] = rtp;
        arrivals[slot] = arrivalNanos;
        publish(slot, SENDER_REPORT);
        return true;
    }

    boolean offerSource(SourceDescription description) {
        int slot = claimSlot();
        if (slot < 0) {
            return false;
        }
        objects[slot] = description;
        publish(slot, SOURCE);
        return true;
    }

    private int claimSlot() {
        if (head - consumed.getAcquire() > slotMask) {
            lose();
            return -1;
        }
        return (int) (head & slotMask);
    }

    private void lose() {
        pendingLost++;
        dropped++;
    }

    private void publish(int slot, int type) {
        types[slot] = type;
        ends[slot] = writePos;
        lostBefore[slot] = pendingLost;
        pendingLost = 0;
        published.setRelease(++head);
    }

    /** True when more than half of either ring is in use: time to wake the consumer. */
    boolean moreThanHalfFull() {
        return head - consumed.getAcquire() > (slotMask + 1) / 2
                || writePos - freedBytes.getAcquire() > bytes.length / 2;
    }

    /** Entries dropped for want of room (any thread; approximate while the producer runs). */
    long dropped() {
        return dropped;
    }

    // ---------------------------------------------------------------- both

    /** True when the consumer has taken every entry published so far. */
    boolean isEmpty() {
        return published.getAcquire() == consumed.getAcquire();
    }

    // ---------------------------------------------------------------- consumer

    /** Hands up to {@code max} queued entries to {@code consumer}, oldest first; returns how many. */
    int drain(Consumer consumer, int max) {
        long available = published.getAcquire();
        int n = 0;
        while (tail < available && n < max) {
            int slot = (int) (tail & slotMask);
            long lost = lostBefore[slot];
            try {
                switch (types[slot]) {
                    case RTP -> consumer.rtp(tracks[slot], bytes, offsets[slot], lengths[slot], arrivals[slot], lost);
                    case SENDER_REPORT -> consumer.senderReport(tracks[slot], ntps[slot], rtps[slot], arrivals[slot], lost);
                    default -> {
                        Object d = objects[slot];
                        objects[slot] = null;
                        consumer.source((SourceDescription) d, lost);
                    }
                }
            } finally {
                tail++;
                freedBytes.setRelease(ends[slot]);
                consumed.setRelease(tail);
                n++;
            }
        }
        return n;
    }
}
