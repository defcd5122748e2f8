package dev.osprey.media;

import dev.osprey.webrtc.rtp.SequenceNumbers;

/**
 * Maps one source's sequence numbers onto a viewer's outgoing sequence: contiguous per
 * outgoing SSRC whatever happens upstream.
 *
 * <ul>
 *   <li>A new segment starts at the first packet, when the source SSRC changes (publisher restart)
 *       or when the sequence jumps by more than {@link #MAX_JUMP}; it continues right after the
 *       last outgoing number.</li>
 *   <li>{@link #drop} (a packet deliberately not forwarded: before a keyframe, track paused) shifts
 *       the mapping so that no gap appears; packets older than the last drop or segment start can
 *       no longer be mapped and are refused, since their outgoing numbers were given away.</li>
 *   <li>Real losses upstream stay gaps downstream, so the viewer NACKs them.</li>
 * </ul>
 *
 * A viewer's NACK is mapped back to the incoming number ({@link #inputFor}) for outgoing numbers
 * among the last {@link #HISTORY} below the next one. Within a segment the mapping is a constant
 * offset that only a drop changes, and every packet forwarded after a drop is newer than it, so the
 * outgoing numbers fall into consecutive periods of one offset each: the last {@link #PERIODS}
 * periods are kept (a few hundred bytes) instead of one entry per packet. Not thread-safe;
 * allocation-free after construction.
 */
public final class SequenceRewriter {
    /** A jump larger than this (either way) within one SSRC is treated as a restart of the source. */
    public static final int MAX_JUMP = 1000;
    static final int HISTORY = 1024;
    /** Offset changes remembered; a period needs a forwarded packet, and drops come in bursts. */
    static final int PERIODS = 16;

    // Outgoing numbers are kept extended (never wrapping) so that periods compare without ambiguity.
    private final long[] periodStart = new long[PERIODS];
    private final long[] periodOffset = new long[PERIODS];
    private int periods;
    private int newest = PERIODS - 1;
    private boolean started;
    private int sourceSsrc;
    private long highestIn;
    private long barrierIn;
    private long offset;
    private long nextOut;

    /** @param initialSequence the first outgoing sequence number (random in production, per RFC 3550) */
    public SequenceRewriter(int initialSequence) {
        nextOut = initialSequence & 0xFFFF;
    }

    /** True when a packet from {@code ssrc} with {@code seq} would start a new segment. */
    public boolean isNewSegment(int ssrc, int seq) {
        return !started || ssrc != sourceSsrc
                || Math.abs(SequenceNumbers.diff(seq, (int) highestIn)) > MAX_JUMP;
    }

    /** The outgoing sequence number for a packet being forwarded, or -1 when it must be discarded. */
    public int forward(int ssrc, int seq) {
        if (isNewSegment(ssrc, seq)) {
            startSegment(ssrc, seq, false);
        }
        long ext = extend(seq);
        if (ext <= barrierIn) {
            return -1;
        }
        long out = ext + offset;
        if (ext >= highestIn) {
            highestIn = ext;
            nextOut = out + 1;
        }
        return (int) out & 0xFFFF;
    }

    /** Records a packet that is not forwarded, so the next forwarded one follows without a gap. */
    public void drop(int ssrc, int seq) {
        if (isNewSegment(ssrc, seq)) {
            startSegment(ssrc, seq, true);
        }
        long ext = extend(seq);
        if (ext >= highestIn) {
            highestIn = Math.max(highestIn, ext);
            barrierIn = highestIn;
            offset = nextOut - (highestIn + 1);
            startPeriod();
        }
    }

    /** The incoming sequence number behind outgoing {@code outSeq}, or -1 when it is not remembered. */
    public int inputFor(int outSeq) {
        int age = ((int) nextOut - outSeq) & 0xFFFF;
        if (age == 0 || age > HISTORY) {
            return -1;
        }
        long out = nextOut - age;
        for (int i = 0, p = newest; i < periods; i++, p = (p + PERIODS - 1) % PERIODS) {
            if (out >= periodStart[p]) {
                return (int) (out - periodOffset[p]) & 0xFFFF;
            }
        }
        return -1; // before the segment, or in a period already forgotten
    }

    /** The outgoing number the next newer packet will get. */
    public int nextSequence() {
        return (int) nextOut & 0xFFFF;
    }

    /** A segment starts at {@code seq}: it takes the next outgoing number, or leaves it to its successor when dropped. */
    private void startSegment(int ssrc, int seq, boolean dropped) {
        started = true;
        sourceSsrc = ssrc;
        highestIn = seq & 0xFFFF;
        barrierIn = dropped ? highestIn : highestIn - 1;
        offset = nextOut - barrierIn - 1;
        periods = 0;
        startPeriod();
    }

    /** The current offset applies from the next outgoing number on; a period nothing was sent in is replaced. */
    private void startPeriod() {
        if (periods > 0 && periodStart[newest] == nextOut) {
            periodOffset[newest] = offset;
            return;
        }
        if (periods > 0 && periodOffset[newest] == offset) {
            return;
        }
        newest = (newest + 1) % PERIODS;
        periodStart[newest] = nextOut;
        periodOffset[newest] = offset;
        periods = Math.min(periods + 1, PERIODS);
    }

    private long extend(int seq) {
        return highestIn + SequenceNumbers.diff(seq, (int) highestIn);
    }
}
