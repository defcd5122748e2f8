package dev.osprey.webrtc.rtp.codec;

/**
 * Rebuilds raw VP9 frames from RTP payloads (RFC 9628): strips each payload descriptor, including
 * any scalability structure, and concatenates the rest. Single spatial layer only: the layer frames
 * of an SVC picture would be concatenated, which is not a decodable frame.
 */
public final class Vp9Depacketizer implements RtpDepacketizer {

    /** B bit on the base spatial layer (or a stream without layer indices). */
    @Override
    public boolean startsFrame(byte[] payload, int off, int len) {
        return Vp9Payload.isStartOfFrame(payload, off, len) && Vp9Payload.descriptorLength(payload, off, len) >= 0
                && Vp9Payload.spatialLayer(payload, off, len) <= 0;
    }

    @Override
    public boolean isKeyframe(byte[] payload, int off, int len) {
        return Vp9Payload.isKeyframe(payload, off, len);
    }

    @Override
    public boolean append(byte[] payload, int off, int len, FrameBuffer out) {
        int d = Vp9Payload.descriptorLength(payload, off, len);
        return d >= 0 && d < len && out.append(payload, off + d, len - d);
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
