package dev.osprey.media;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A copy of a broadcast on another event loop, and the one-way lane that feeds it: the origin
 * {@link Broadcast}, on its own thread, hands every packet it has routed, unwrapped from RTX and
 * counted (and every RTCP compound of its source, for the viewers' lip-sync) to the mirror's loop, where
 * the mirror {@link Broadcast} forwards it to the viewers of that loop like any source's packet. So one
 * broadcast's audience can be spread over every core, each viewer staying on its own loop.
 *
 * <h2>The lane</h2>
 * A ring of slots, each a buffer and the task that delivers it: the origin
 * copies the packet into the next free slot and queues that slot on the mirror's executor (Netty's
 * lock-free MPSC task queue); the mirror's thread runs it and frees the slot. One copy per packet and
 * mirror, however many viewers the mirror has; no allocation, no lock. The executor runs tasks in the
 * order they were queued, so the mirror sees the origin's order. When the mirror's loop is
 * behind by a whole ring, the ring grows (doubling, up to {@value #MAX_SLOTS} slots); at that size the
 * packet is dropped for that loop ({@link #dropped()}). A mirror starts with {@value #INITIAL_SLOTS}
 * slots (96 KB) and keeps what it grew to: a loop that fell behind once may fall behind again.
 *
 * <h2>The way back</h2>
 * {@link MirrorSource}: the mirror's keyframe requests go to the origin's source feedback on the
 * origin's thread; its viewers' bitrate estimate joins the origin's own viewers' in the origin's hint;
 * its receiver feedback (RR, NACK, REMB) stays here: the lane loses nothing the origin did not lose, and
 * the origin's own feedback already repairs that.
 *
 * <h2>Threading</h2>
 * {@link #offerRtp}, {@link #offerRtcp}, {@link #scheduleTick} and {@link #dropped()} on the origin's
 * thread; the slots run on the mirror's; {@link #acquired} and {@link #idle} from any thread.
 */
final class BroadcastMirror {
    /**
     * Most packets that may wait for the mirror's loop: about 2 s of a 5 Mbit/s stream, enough to ride out
     * a loop busy with a burst of DTLS handshakes (256 was not: measured in bench/RESULTS.md). 1.5 MB at
     * that size, so a mirror starts small: every broadcast whose viewers spread over loops has mirrors.
     */
    static final int MAX_SLOTS = 1024;
    static final int INITIAL_SLOTS = 64;
    /** A mirror without viewers lives this long after it was last handed out, so a viewer on its way finds it. */
    static final long IDLE_GRACE_NANOS = 5_000_000_000L;
    private static final int SLOT_BYTES = 1500;

    private final Broadcast mirror;
    private final Executor executor;
    /** Origin thread: the ring, whose slot {@link #next} is the next to fill. */
    private Slot[] slots = new Slot[INITIAL_SLOTS];
    private final Runnable tick;
    private int next;
    private long dropped;
    private volatile long lastAcquiredNanos;
    /** The mirror's viewers' best estimate, bit/s; -1 while none reported. */
    private volatile long bitrateHint = -1;

    BroadcastMirror(Broadcast origin, Executor executor, MediaClock clock, BroadcastOptions options) {
        this.executor = executor;
        this.mirror = Broadcast.mirrorOf(origin, new MirrorSource(origin, this), executor, clock, options);
        this.tick = mirror::tick;
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot();
        }
    }

    Broadcast broadcast() {
        return mirror;
    }

    Executor executor() {
        return executor;
    }

    /** Handed out to a viewer's session at {@code nowNanos}; any thread. */
    void acquired(long nowNanos) {
        lastAcquiredNanos = nowNanos;
    }

    /** No viewer, and none handed the mirror within the grace period: it may go. Any thread. */
    boolean idle(long nowNanos) {
        return mirror.viewerCount() == 0 && nowNanos - lastAcquiredNanos > IDLE_GRACE_NANOS;
    }

    long bitrateHint() {
        return bitrateHint;
    }

    void bitrateHint(long bitsPerSecond) {
        bitrateHint = bitsPerSecond;
    }

    /** Packets the mirror's loop was too far behind to take; origin thread. */
    long dropped() {
        return dropped;
    }

    void offerRtp(byte[] buf, int off, int len, long arrivalNanos) {
        offer(false, buf, off, len, arrivalNanos);
    }

    void offerRtcp(byte[] buf, int off, int len) {
        offer(true, buf, off, len, 0);
    }

    /** The mirror's periodic work (viewer reports, feedback), run on its loop at the origin's pace. */
    void scheduleTick() {
        try {
            executor.execute(tick);
        } catch (RejectedExecutionException e) {
            // the mirror's loop is shutting down; its viewers go with it
        }
    }

    private void offer(boolean rtcp, byte[] buf, int off, int len, long arrivalNanos) {
        if (len > SLOT_BYTES || (slots[next].busy && !grow())) {
            dropped++;
            return;
        }
        Slot slot = slots[next];
        System.arraycopy(buf, off, slot.data, 0, len);
        slot.length = len;
        slot.rtcp = rtcp;
        slot.arrivalNanos = arrivalNanos;
        slot.busy = true;
        try {
            executor.execute(slot);
        } catch (RejectedExecutionException e) {
            slot.busy = false;
            dropped++;
            return;
        }
        next = (next + 1) % slots.length;
    }

    /**
     * Doubles the ring with free slots at {@link #next}, ahead of the busy ones (still queued on the mirror's
     * loop, which frees them in turn); false at {@link #MAX_SLOTS}.
     */
    private boolean grow() {
        if (slots.length >= MAX_SLOTS) {
            return false;
        }
        int added = slots.length;
        Slot[] grown = new Slot[slots.length + added];
        System.arraycopy(slots, 0, grown, 0, next);
        for (int i = 0; i < added; i++) {
            grown[next + i] = new Slot();
        }
        System.arraycopy(slots, next, grown, next + added, slots.length - next);
        slots = grown;
        return true;
    }

    /** Slots in the ring now; origin thread (tests). */
    int slotCount() {
        return slots.length;
    }

    /** One packet on its way; written by the origin while free, read by the mirror while busy. */
    private final class Slot implements Runnable {
        final byte[] data = new byte[SLOT_BYTES];
        int length;
        boolean rtcp;
        long arrivalNanos;
        /** Set by the origin after filling the slot, cleared by the mirror after using it. */
        volatile boolean busy;

        @Override
        public void run() {
            try {
                if (rtcp) {
                    mirror.onRtcp(data, 0, length);
                } else {
                    mirror.onRtp(data, 0, length, arrivalNanos);
                }
            } finally {
                busy = false;
            }
        }
    }

    /** The mirror's source: the way back to the origin. */
    private static final class MirrorSource implements MediaSource {
        private final Broadcast origin;
        private final BroadcastMirror lane;

        MirrorSource(Broadcast origin, BroadcastMirror lane) {
            this.origin = origin;
            this.lane = lane;
        }

        @Override
        public void requestKeyframe(int track) {
            origin.requestKeyframeForMirror(track);
        }

        @Override
        public void sendRtcp(byte[] buf, int off, int len) {
            // receiver feedback for a lossless in-process lane: nothing to send
        }

        @Override
        public void bitrateHint(long bitsPerSecond) {
            lane.bitrateHint(bitsPerSecond);
        }
    }
}
