package dev.osprey.webrtc.rtp;

/**
 * Turns 16-bit sequence numbers into monotonic 64-bit extended sequence numbers (RFC 3550
 * §A.1's cycle count), tolerating reordering: each value is placed at the extended number
 * nearest to the last one seen. One instance per stream; not thread-safe.
 */
public final class SequenceUnwrapper {
    private long last = Long.MIN_VALUE;

    /** The extended sequence number of {@code seq}; the first call returns {@code seq} itself. */
    public long unwrap(int seq) {
        seq &= 0xFFFF;
        if (last == Long.MIN_VALUE) {
            last = seq;
            return seq;
        }
        long extended = last + SequenceNumbers.diff(seq, (int) last);
        if (extended > last) {
            last = extended;
        }
        return extended;
    }

    /** The highest extended sequence number seen so far, or -1 before the first packet. */
    public long highest() {
        return last == Long.MIN_VALUE ? -1 : last;
    }

    /** Forgets history, e.g. after an SSRC change. */
    public void reset() {
        last = Long.MIN_VALUE;
    }
}
