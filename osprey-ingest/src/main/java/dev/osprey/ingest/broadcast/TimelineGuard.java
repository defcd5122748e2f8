package dev.osprey.ingest.broadcast;

/**
 * Keeps an encoder's timestamps on one running timeline: a jump of more than {@value #JUMP_SECONDS} s
 * either way (an encoder that restarted its clock, a broken stream) is folded out, so that viewers and
 * sender reports see time go on. One per publish, on one thread.
 */
final class TimelineGuard {
    static final int JUMP_SECONDS = 5;

    private final long maxStep;
    private long last = Long.MIN_VALUE;
    private long offset;
    private int jumps;

    /** @param clockRate the timestamps' units per second */
    TimelineGuard(int clockRate) {
        this.maxStep = (long) JUMP_SECONDS * clockRate;
    }

    /** {@code timestamp} on the running timeline; true jumps are counted by {@link #jumps()}. */
    long map(long timestamp) {
        if (last != Long.MIN_VALUE) {
            long step = timestamp + offset - last;
            if (step > maxStep || step < -maxStep) {
                offset = last + 1 - timestamp;
                jumps++;
            }
        }
        long mapped = timestamp + offset;
        last = Math.max(last, mapped);
        return mapped;
    }

    int jumps() {
        return jumps;
    }
}
