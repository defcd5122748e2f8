package dev.osprey.webrtc.rtp.codec;

/**
 * Opus over RTP (RFC 7587): the payload is the Opus packet. Every packet starts a frame and is a
 * keyframe in the sense that a decoder can start at it.
 */
public final class OpusDepacketizer implements RtpDepacketizer {

    @Override
    public boolean startsFrame(byte[] payload, int off, int len) {
        return true;
    }

    @Override
    public boolean isKeyframe(byte[] payload, int off, int len) {
        return true;
    }

    @Override
    public boolean append(byte[] payload, int off, int len, FrameBuffer out) {
        return len > 0 && out.append(payload, off, len);
    }

    @Override
    public boolean finish(FrameBuffer frame, boolean keyframe) {
        return !frame.isEmpty();
    }

    @Override
    public void reset() {
        // no state between payloads
    }
}
