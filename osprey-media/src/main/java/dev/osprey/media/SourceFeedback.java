package dev.osprey.media;

import dev.osprey.webrtc.rtp.RtpPacket;
import dev.osprey.webrtc.rtp.TransportSequenceNumber;
import dev.osprey.webrtc.rtp.rtcp.Nack;
import dev.osprey.webrtc.rtp.rtcp.ReceiverReport;
import dev.osprey.webrtc.rtp.rtcp.Remb;
import dev.osprey.webrtc.rtp.rtcp.ReportBlock;

import java.util.Arrays;

/**
 * Everything a broadcast sends back to its {@link MediaSource}: throttled keyframe requests, NACKs for
 * the source's losses, transport-cc feedback (or REMB), and receiver reports. Confined to the
 * broadcast's thread; allocation-free once the track count is known.
 */
final class SourceFeedback {
    private final MediaSource source;
    private final BroadcastOptions options;
    private final byte[] rtcpOut = new byte[1500 + MediaSink.TRAILER_ROOM];
    private final int[] lost = new int[LossTracker.CAPACITY];
    private final TransportCcFeedback transportCc = new TransportCcFeedback();
    // Sized to the track count; grown when a renegotiation adds tracks.
    private int[] rembSsrcs = new int[0];
    private ReportBlock[] blocks = new ReportBlock[0];
    private int transportCcId;
    private boolean sendTransportCc;
    private boolean sendRemb;
    private int feedbackSsrc;
    private long lastTransportCcNanos;
    private long nextReportNanos;

    private long keyframeRequestsSent;
    private long nacksSent;
    private long receiverReportsSent;
    private long rembsSent;
    private long lastRemb;

    SourceFeedback(MediaSource source, BroadcastOptions options) {
        this.source = source;
        this.options = options;
    }

    /** The source's description changed: which feedback it negotiated, and room for its tracks. */
    void describe(SourceDescription description) {
        int n = description.tracks().size();
        if (blocks.length < n) {
            int old = blocks.length;
            blocks = Arrays.copyOf(blocks, n);
            for (int i = old; i < n; i++) {
                blocks[i] = new ReportBlock();
            }
            rembSsrcs = new int[n];
        }
        Integer twccId = description.headerExtensions().get(HeaderExtensionRewriter.TRANSPORT_CC);
        transportCcId = twccId == null ? 0 : twccId;
        sendTransportCc = description.transportCcFeedback() && transportCcId > 0;
        sendRemb = description.rembFeedback() && !sendTransportCc;
        feedbackSsrc = n == 0 ? 0 : description.tracks().get(0).ssrc();
    }

    boolean recordsTransportCc() {
        return sendTransportCc;
    }

    /** Notes a packet's transport-wide sequence number; feedback goes out when the batch is full. */
    void recordTransportCc(RtpPacket packet, long arrivalNanos, long now) {
        int seq = TransportSequenceNumber.read(packet, transportCcId);
        if (seq < 0) {
            return;
        }
        if (transportCc.add(seq, arrivalNanos)) {
            flushTransportCc(now);
            transportCc.addAfterFlush(seq, arrivalNanos);
        }
    }

    /** Asks the source for a keyframe on {@code track}, subject to the per-track throttle. */
    void requestKeyframe(SourceTrack track, long now) {
        if (track.keyframes.request(now)) {
            sendKeyframeRequest(track);
        }
    }

    private void sendKeyframeRequest(SourceTrack track) {
        source.requestKeyframe(track.index);
        keyframeRequestsSent++;
    }

    /** NACKs what {@code track} misses and is due for a (re)request. */
    void sendNacks(SourceTrack track, long now) {
        int n = track.losses.due(now, lost);
        if (n > 0) {
            int len = Nack.write(rtcpOut, 0, options.localSsrc(), track.description.ssrc(), lost, 0, n);
            if (len > 0) {
                source.sendRtcp(rtcpOut, 0, len);
                nacksSent++;
            }
        }
    }

    /**
     * Periodic feedback: transport-cc, NACK retries, deferred and repeated keyframe requests, and every
     * report interval an RR (+ REMB); {@code waiting} says whether someone still waits for a keyframe.
     * Returns true when a report interval began.
     */
    boolean tick(SourceTrack[] tracks, long now, long incomingBitrate, KeyframeWait waiting) {
        if (sendTransportCc && !transportCc.isEmpty() && now - lastTransportCcNanos >= options.transportCcInterval()) {
            flushTransportCc(now);
        }
        for (SourceTrack t : tracks) {
            if (t.description.nack()) {
                sendNacks(t, now);
            }
            if (t.video) {
                if (t.keyframes.due(now)) {
                    sendKeyframeRequest(t);
                } else if (now - t.keyframes.lastSentNanos() >= options.keyframeRetryInterval() && waiting.waits(t)) {
                    requestKeyframe(t, now);
                }
            }
        }
        if (now - nextReportNanos < 0) {
            return false;
        }
        nextReportNanos = now + options.reportInterval();
        sendReceiverReport(tracks, now, incomingBitrate);
        return true;
    }

    /** Who may still wait for a keyframe of a track (viewers that joined or lost one). */
    @FunctionalInterface
    interface KeyframeWait {
        boolean waits(SourceTrack track);
    }

    private void flushTransportCc(long now) {
        lastTransportCcNanos = now;
        int len = transportCc.write(rtcpOut, 0, options.localSsrc(), feedbackSsrc);
        if (len > 0) {
            source.sendRtcp(rtcpOut, 0, len);
        }
    }

    private void sendReceiverReport(SourceTrack[] tracks, long now, long incoming) {
        int count = 0;
        int worstLoss = 0;
        for (SourceTrack t : tracks) {
            if (t.statistics.hasPackets()) {
                t.statistics.fill(blocks[count], t.description.ssrc(), now);
                worstLoss = Math.max(worstLoss, blocks[count].fractionLost);
                rembSsrcs[count] = t.description.ssrc();
                count++;
            }
        }
        if (count == 0) {
            return;
        }
        int len = ReceiverReport.write(rtcpOut, 0, options.localSsrc(), blocks, count);
        receiverReportsSent++;
        if (sendRemb) {
            lastRemb = rembEstimate(incoming, worstLoss);
            len += Remb.write(rtcpOut, len, options.localSsrc(), lastRemb, rembSsrcs, count);
            rembsSent++;
        }
        source.sendRtcp(rtcpOut, 0, len);
    }

    /**
     * The REMB value: a generous ramp over what arrives (1.5x + 100 kbit/s, at least 1 Mbit/s) up to
     * the configured maximum, so a sender limited by REMB alone keeps room to grow; under heavy loss
     * (> 10 % in the last interval) it falls back to 85 % of the incoming rate.
     */
    private long rembEstimate(long incoming, int worstFractionLost) {
        if (worstFractionLost > 25) {
            return Math.max(100_000, incoming * 85 / 100);
        }
        return Math.min(options.maxBitrate(), Math.max(1_000_000, incoming * 3 / 2 + 100_000));
    }

    long keyframeRequestsSent() {
        return keyframeRequestsSent;
    }

    long nacksSent() {
        return nacksSent;
    }

    long receiverReportsSent() {
        return receiverReportsSent;
    }

    long rembsSent() {
        return rembsSent;
    }

    long lastRemb() {
        return lastRemb;
    }

    long transportCcFeedbackSent() {
        return transportCc.packetsSent();
    }
}
