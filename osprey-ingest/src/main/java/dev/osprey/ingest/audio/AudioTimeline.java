package dev.osprey.ingest.audio;

/**
 * Keeps the Opus packets' 48 kHz timestamps on the input's timeline. Samples are counted, so the
 * output stays continuous while the input's timestamps jitter (RTMP rounds them to milliseconds);
 * a gap in the input (a lost or dropped frame) is filled with silence so that sound stays in sync;
 * a jump of more than the limit, or any step backwards, re-anchors the timeline on the input.
 * Not thread-safe.
 */
final class AudioTimeline {
    /** {@link #place} says: drop the samples waiting for a packet, the timeline starts again here. */
    static final long REANCHOR = -1;

    private final long maxJump;
    private final long gapThreshold;
    private boolean anchored;
    private long lastInput;
    private long nextPacket;

    /**
     * @param maxJump      a distance (48 kHz samples) between input and output beyond which the
     *                     timeline re-anchors
     * @param gapThreshold the shortest gap (48 kHz samples) worth filling with silence
     */
    AudioTimeline(long maxJump, long gapThreshold) {
        this.maxJump = maxJump;
        this.gapThreshold = gapThreshold;
    }

    /**
     * Places the samples of an access unit that starts at {@code input} (48 kHz) behind the
     * {@code waiting} samples not yet in a packet.
     *
     * @return {@link #REANCHOR}, or how many samples of silence to insert first (0 mostly)
     */
    long place(long input, int waiting) {
        long end = nextPacket + waiting;
        if (!anchored || input < lastInput || Math.abs(input - end) > maxJump) {
            anchored = true;
            lastInput = input;
            nextPacket = input;
            return REANCHOR;
        }
        lastInput = input;
        long gap = input - end;
        return gap >= gapThreshold ? gap : 0;
    }

    /** The timestamp of the next packet of {@code samples} samples, then moves past it. */
    long takePacket(int samples) {
        long timestamp = nextPacket;
        nextPacket += samples;
        return timestamp;
    }
}
