package dev.osprey.webrtc.rtp.codec;

import java.util.Objects;

/**
 * Opus over RTP (RFC 7587 §4.2): one Opus packet per RTP payload, as is. A packet larger than the
 * maximum payload cannot be split and is not sent.
 */
public final class OpusPacketizer implements RtpPacketizer {
    private final int maxPayload;

    public OpusPacketizer(int maxPayload) {
        if (maxPayload < 1) {
            throw new IllegalArgumentException("maxPayload too small: " + maxPayload);
        }
        this.maxPayload = maxPayload;
    }

    @Override
    public int packetize(byte[] frame, int off, int len, boolean keyframe, PayloadSink sink) {
        Objects.checkFromIndexSize(off, len, frame.length);
        if (len == 0 || len > maxPayload) {
            return 0;
        }
        sink.payload(frame, off, len, true);
        return 1;
    }
}
