package dev.osprey.webrtc.sctp;

/**
 * The congestion window of RFC 9260 7.2: slow start and congestion avoidance while acknowledgements come in, a
 * halving on fast retransmit (at most once per window: fast recovery, 7.2.4) and a restart from one packet on a
 * retransmission timeout (7.2.3). Counts bytes of DATA payload, as the flight size does.
 */
final class CongestionControl {
    private final int mtu;
    private long cwnd;
    private long ssthresh;
    private long partialBytesAcked;
    private boolean fastRecovery;
    /** Fast recovery ends once the cumulative ack reaches this TSN, the highest sent when it began. */
    private long fastRecoveryExit;

    CongestionControl(int mtu) {
        this.mtu = mtu;
    }

    /** The peer's a_rwnd from INIT / INIT ACK is the first slow-start threshold (7.2.1). */
    void setInitialThreshold(long peerArwnd) {
        ssthresh = peerArwnd;
    }

    /** The association is established: the initial window of 7.2.1. */
    void open() {
        cwnd = Math.min(4L * mtu, Math.max(2L * mtu, 4380));
    }

    /** Whether a packet may go out with {@code flightSize} bytes already in flight. */
    boolean canSend(long flightSize) {
        return flightSize < cwnd;
    }

    long window() {
        return cwnd;
    }

    /** Chunks were marked for fast retransmit; {@code highestSentTsn} bounds the recovery that may start. */
    void onFastRetransmit(long highestSentTsn) {
        if (!fastRecovery) {
            ssthresh = Math.max(cwnd / 2, 4L * mtu);
            cwnd = ssthresh;
            partialBytesAcked = 0;
            fastRecovery = true;
            fastRecoveryExit = highestSentTsn;
        }
    }

    /**
     * A SACK was processed. The window grows only when the cumulative ack advanced outside fast recovery, and only
     * while it was in use ({@code flightBefore}: bytes in flight before the SACK).
     */
    void onSack(long cumulativeTsnAck, boolean advanced, long ackedBytes, long flightBefore) {
        if (fastRecovery && cumulativeTsnAck >= fastRecoveryExit) {
            fastRecovery = false;
        }
        if (advanced && !fastRecovery) {
            grow(ackedBytes, flightBefore);
        }
    }

    /** T3-rtx expired: back to one packet (7.2.3). */
    void onRetransmissionTimeout() {
        ssthresh = Math.max(cwnd / 2, 4L * mtu);
        cwnd = mtu;
        partialBytesAcked = 0;
        fastRecovery = false;
    }

    /** 7.2.1 / 7.2.2: slow start below ssthresh, one MTU per window of acknowledged bytes above it. */
    private void grow(long ackedBytes, long flightBefore) {
        boolean windowFull = flightBefore + mtu >= cwnd;
        if (cwnd <= ssthresh) {
            if (windowFull) {
                cwnd += Math.min(ackedBytes, mtu);
            }
        } else {
            partialBytesAcked += ackedBytes;
            if (partialBytesAcked >= cwnd && windowFull) {
                partialBytesAcked -= cwnd;
                cwnd += mtu;
            }
        }
    }
}
