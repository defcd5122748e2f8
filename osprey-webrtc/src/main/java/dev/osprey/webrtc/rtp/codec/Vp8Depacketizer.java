package dev.osprey.webrtc.rtp.codec;

/**
 * Rebuilds raw VP8 frames from RTP payloads (RFC 7741): strips each payload descriptor and
 * concatenates the rest. A finished frame must hold at least the 3-byte frame tag, and a keyframe
 * also the start code that follows it (RFC 6386 §9.1).
 */
public final class Vp8Depacketizer implements RtpDepacketizer {

    @Override
    public boolean startsFrame(byte[] payload, int off, int len) {
        return Vp8Payload.isStartOfFrame(payload, off, len);
    }

    @Override
    public boolean isKeyframe(byte[] payload, int off, int len) {
        return Vp8Payload.isKeyframe(payload, off, len);
    }

    @Override
    public boolean append(byte[] payload, int off, int len, FrameBuffer out) {
        int d = Vp8Payload.descriptorLength(payload, off, len);
        return d >= 0 && d < len && out.append(payload, off + d, len - d);
    }

    @Override
    public boolean finish(FrameBuffer frame, boolean keyframe) {
        byte[] b = frame.data();
        int n = frame.length();
        if (n < 3) {
            return false;
        }
        boolean keyTag = (b[0] & 0x01) == 0;
        return !keyTag || n >= 10 && (b[3] & 0xFF) == 0x9D && b[4] == 0x01 && b[5] == 0x2A;
    }

    @Override
    public void reset() {
        // no state between payloads
    }
}
