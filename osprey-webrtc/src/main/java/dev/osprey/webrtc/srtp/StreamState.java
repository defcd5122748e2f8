package dev.osprey.webrtc.srtp;

/** Per-SSRC state of one direction: packet index tracking and replay windows. */
final class StreamState {
    /** Sending side: highest RTP index protected so far, -1 before the first. */
    long sentRtpHighest = -1;
    /** Sending side: the SRTCP index the next protected RTCP packet gets. */
    long nextRtcpIndex;
    /** Receiving side, created on the first authenticated packet. */
    ReplayWindow rtpReplay;
    ReplayWindow rtcpReplay;

    /**
     * The packet index of sequence number {@code seq} given the highest index seen: the ROC guess
     * of RFC 3711 Appendix A. A guess of ROC - 1 while ROC is 0 is taken as ROC 0 (a jump forward):
     * sender and receiver use the same rule, so they agree.
     */
    static long estimateIndex(long highest, int seq) {
        if (highest < 0) {
            return seq;
        }
        long roc = highest >>> 16;
        int last = (int) highest & 0xffff;
        long guess;
        if (last < 0x8000) {
            guess = seq - last > 0x8000 ? roc - 1 : roc;
        } else {
            guess = last - 0x8000 > seq ? roc + 1 : roc;
        }
        return (Math.max(guess, 0) << 16) | seq;
    }
}
