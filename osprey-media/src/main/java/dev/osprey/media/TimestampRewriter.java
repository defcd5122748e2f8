package dev.osprey.media;

import dev.osprey.webrtc.rtp.SequenceNumbers;

/**
 * Maps a source's RTP timestamps onto a viewer's outgoing timeline with a per-segment offset.
 * The first segment keeps the source's timestamps; each later segment (publisher restart, sequence
 * jump) is placed after the last outgoing timestamp by the wall-clock time that passed, so the
 * outgoing timestamps stay monotonic and the decoder's clock keeps running at the right pace.
 * Not thread-safe; allocation-free.
 */
public final class TimestampRewriter {
    private final int clockRate;
    private boolean started;
    private boolean rebasePending = true;
    private int offset;
    private int lastOut;
    private long lastOutNanos;

    public TimestampRewriter(int clockRate) {
        this.clockRate = clockRate;
    }

    /** The next packet starts a new segment. */
    public void startSegment() {
        rebasePending = true;
    }

    /** The outgoing timestamp of a forwarded packet that arrived at {@code arrivalNanos}. */
    public int rewrite(int timestamp, long arrivalNanos) {
        if (rebasePending) {
            rebasePending = false;
            if (started) {
                long elapsed = Math.max(0, arrivalNanos - lastOutNanos);
                long ticks = Math.max(1, elapsed * clockRate / 1_000_000_000L);
                offset = lastOut + (int) ticks - timestamp;
            }
            started = true;
            lastOut = timestamp + offset;
            lastOutNanos = arrivalNanos;
            return lastOut;
        }
        int out = timestamp + offset;
        if (SequenceNumbers.isNewerTimestamp(out, lastOut)) {
            lastOut = out;
            lastOutNanos = arrivalNanos;
        }
        return out;
    }

    /** Outgoing minus incoming timestamp of the current segment. */
    public int offset() {
        return offset;
    }

    public boolean started() {
        return started;
    }
}
