package dev.osprey.media;

import dev.osprey.webrtc.rtp.SequenceUnwrapper;
import dev.osprey.webrtc.rtp.rtcp.ReportBlock;
import dev.osprey.webrtc.rtp.rtcp.SenderReport;

/**
 * Reception statistics of one publisher stream for the RR report block (RFC 3550 §6.4.1, A.3, A.8):
 * extended highest sequence number, cumulative and interval loss, interarrival jitter, and the
 * last SR (also kept as the NTP/RTP mapping that viewers' SRs are derived from).
 * Not thread-safe; allocation-free.
 */
final class ReceiveStatistics {
    private final int clockRate;
    private final SequenceUnwrapper unwrapper = new SequenceUnwrapper();
    private long baseSeq = -1;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    /** Jitter in RTP units scaled by 16 (RFC 3550 A.8). */
    private long jitterQ4;
    private long lastTransit;
    private boolean haveTransit;

    private boolean haveSenderReport;
    private long srNtp;
    private int srRtp;
    private long srArrivalNanos;

    ReceiveStatistics(int clockRate) {
        this.clockRate = clockRate;
    }

    void reset() {
        unwrapper.reset();
        baseSeq = -1;
        received = 0;
        expectedPrior = 0;
        receivedPrior = 0;
        jitterQ4 = 0;
        haveTransit = false;
        haveSenderReport = false;
    }

    /** Records a media packet; {@code retransmission} packets do not feed the jitter estimate. */
    long onPacket(int seq, int timestamp, long arrivalNanos, boolean retransmission) {
        long ext = unwrapper.unwrap(seq);
        if (baseSeq < 0) {
            baseSeq = ext;
        }
        received++;
        if (!retransmission) {
            long arrivalRtp = Math.floorDiv(arrivalNanos, 1000) * clockRate / 1_000_000L;
            long transit = arrivalRtp - (timestamp & 0xFFFF_FFFFL);
            if (haveTransit) {
                long d = Math.abs(transit - lastTransit);
                if (d < (long) clockRate * 10) { // ignore timestamp jumps, e.g. a restarted encoder
                    jitterQ4 += d - ((jitterQ4 + 8) >> 4);
                }
            }
            lastTransit = transit;
            haveTransit = true;
        }
        return ext;
    }

    void onSenderReport(long ntp, int rtpTimestamp, long arrivalNanos) {
        haveSenderReport = true;
        srNtp = ntp;
        srRtp = rtpTimestamp;
        srArrivalNanos = arrivalNanos;
    }

    boolean hasPackets() {
        return baseSeq >= 0;
    }

    long highestSequence() {
        return unwrapper.highest();
    }

    boolean hasSenderReport() {
        return haveSenderReport;
    }

    long senderReportNtp() {
        return srNtp;
    }

    int senderReportRtp() {
        return srRtp;
    }

    long senderReportArrival() {
        return srArrivalNanos;
    }

    long packetsLost() {
        return unwrapper.highest() - baseSeq + 1 - received;
    }

    /** Fills a report block and starts a new reporting interval. */
    void fill(ReportBlock block, int ssrc, long nowNanos) {
        long expected = unwrapper.highest() - baseSeq + 1;
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        block.set(ssrc, Math.min(255, fraction), (int) Math.max(-0x800000, Math.min(0x7FFFFF, expected - received)),
                (int) unwrapper.highest(), (int) (jitterQ4 >> 4),
                haveSenderReport ? SenderReport.compactNtp(srNtp) : 0,
                haveSenderReport ? Ntp.toDlsr(nowNanos - srArrivalNanos) : 0);
    }
}
