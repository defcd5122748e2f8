package dev.osprey.media;

/**
 * The round-trip time to one viewer, from the report blocks its receiver reports give about our
 * sender reports (RFC 3550 §6.4.1: now - the SR's send time - the delay the viewer says it held it),
 * smoothed like TCP's SRTT (RFC 6298: 1/8 of each new sample).
 *
 * <p>It paces retransmissions ({@link RecentRetransmissions}): a viewer that claims a long round trip
 * only slows its own repairs, one that claims a short one is held to {@link #MIN_NANOS}. Not
 * thread-safe; allocation-free.
 */
final class RoundTripEstimate {
    /** Until the viewer's first report says otherwise: a typical WebRTC path. */
    static final long DEFAULT_NANOS = 100_000_000L;
    /** Floor: below it, NACK bursts on a LAN would still make the same packet go out many times. */
    static final long MIN_NANOS = 10_000_000L;
    /** Ceiling: the retransmission cache does not answer NACKs for packets older than this anyway. */
    static final long MAX_NANOS = 1_000_000_000L;

    private long smoothedNanos = -1;

    /** One measurement; a negative one (clock skew, a lying peer) is ignored. */
    void sample(long rttNanos) {
        if (rttNanos < 0) {
            return;
        }
        long clamped = Math.min(rttNanos, MAX_NANOS);
        smoothedNanos = smoothedNanos < 0 ? clamped : smoothedNanos + (clamped - smoothedNanos) / 8;
    }

    /** True once a report gave a sample. */
    boolean measured() {
        return smoothedNanos >= 0;
    }

    /** The estimate, or {@link #DEFAULT_NANOS} before the first sample, within [{@link #MIN_NANOS}, {@link #MAX_NANOS}]. */
    long nanos() {
        long rtt = smoothedNanos < 0 ? DEFAULT_NANOS : smoothedNanos;
        return Math.max(MIN_NANOS, Math.min(MAX_NANOS, rtt));
    }
}
