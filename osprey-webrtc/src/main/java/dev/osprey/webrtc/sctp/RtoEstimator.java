package dev.osprey.webrtc.sctp;

/** Retransmission timeout from RTT samples (RFC 9260 6.3.1), in nanoseconds. */
final class RtoEstimator {
    private final long min;
    private final long max;
    private long srtt;
    private long rttvar;
    private long rto;

    RtoEstimator(long initialNanos, long minNanos, long maxNanos) {
        this.min = minNanos;
        this.max = maxNanos;
        this.rto = Math.max(minNanos, Math.min(maxNanos, initialNanos));
    }

    void sample(long rttNanos) {
        if (rttNanos < 0) {
            return;
        }
        if (srtt == 0) {
            srtt = rttNanos;
            rttvar = rttNanos / 2;
        } else {
            rttvar = rttvar - (rttvar >> 2) + (Math.abs(srtt - rttNanos) >> 2);
            srtt = srtt - (srtt >> 3) + (rttNanos >> 3);
        }
        rto = clamp(srtt + Math.max(4 * rttvar, 1_000_000L));
    }

    /** Timer expiry: exponential back-off. */
    void backOff() {
        rto = clamp(rto * 2);
    }

    long rto() {
        return rto;
    }

    private long clamp(long v) {
        return Math.max(min, Math.min(max, v));
    }
}
