package dev.osprey.media;

import dev.osprey.webrtc.rtp.SequenceNumbers;

import java.util.Arrays;

/**
 * Maps one source's sequence numbers onto a subscriber's outgoing sequence: contiguous per
 * outgoing SSRC whatever happens upstream.
 *
 * <ul>
 *   <li>A new segment starts at the first packet, when the source SSRC changes (publisher restart)
 *       or when the sequence jumps by more than {@link #MAX_JUMP}; it continues right after the
 *       last outgoing number.</li>
 *   <li>{@link #drop} (a packet deliberately not forwarded: before a keyframe, track paused) shifts
 *       the mapping so that no gap appears; packets older than the last drop or segment start can
 *       no longer be mapped and are refused, since their outgoing numbers were given away.</li>
 *   <li>Real losses upstream stay gaps downstream, so the subscriber NACKs them.</li>
 * </ul>
 *
 * The last {@link #HISTORY} outgoing numbers remember their incoming number, so a subscriber's NACK
 * can be mapped back ({@link #inputFor}). Not thread-safe; allocation-free after construction.
 */
public final class SequenceRewriter {
    /** A jump larger than this (either way) within one SSRC is treated as a restart of the source. */
    public static final int MAX_JUMP = 1000;
    static final int HISTORY = 1024;

    private final long[] history = new long[HISTORY];
    private boolean started;
    private int sourceSsrc;
    private long highestIn;
    private long barrierIn;
    private int offset;
    private int nextOut;

    /** @param initialSequence the first outgoing sequence number (random in production, per RFC 3550) */
    public SequenceRewriter(int initialSequence) {
        nextOut = initialSequence & 0xFFFF;
        Arrays.fill(history, -1);
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
        int out = (int) (ext + offset) & 0xFFFF;
        if (ext >= highestIn) {
            highestIn = ext;
            nextOut = (out + 1) & 0xFFFF;
        }
        history[out & (HISTORY - 1)] = (long) out << 16 | (seq & 0xFFFF);
        return out;
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
            offset = nextOut - (int) (highestIn + 1);
        }
    }

    /** The incoming sequence number behind outgoing {@code outSeq}, or -1 when it is not remembered. */
    public int inputFor(int outSeq) {
        long entry = history[outSeq & (HISTORY - 1)];
        return entry >= 0 && (int) (entry >>> 16) == (outSeq & 0xFFFF) ? (int) (entry & 0xFFFF) : -1;
    }

    /** The outgoing number the next newer packet will get. */
    public int nextSequence() {
        return nextOut;
    }

    /** A segment starts at {@code seq}: it takes the next outgoing number, or leaves it to its successor when dropped. */
    private void startSegment(int ssrc, int seq, boolean dropped) {
        started = true;
        sourceSsrc = ssrc;
        highestIn = seq & 0xFFFF;
        barrierIn = dropped ? highestIn : highestIn - 1;
        offset = nextOut - (int) barrierIn - 1;
        Arrays.fill(history, -1);
    }

    private long extend(int seq) {
        return highestIn + SequenceNumbers.diff(seq, (int) highestIn);
    }
}
