package dev.osprey.webrtc.rtp.codec;

import dev.osprey.webrtc.rtp.Bytes;

/**
 * H.264 RTP payloads (RFC 6184 §5): a single NAL unit (types 1..23), STAP-A (24) / STAP-B (25)
 * aggregates of length-prefixed NAL units, or FU-A (28) / FU-B (29) fragments whose FU header
 * carries the start bit and the original NAL type. A packet is treated as starting a keyframe when
 * it holds an IDR slice (5) or a sequence parameter set (7), the unit a decoder can start from.
 */
public final class H264Payload {
    public static final int NAL_IDR = 5;
    public static final int NAL_SPS = 7;
    public static final int NAL_PPS = 8;
    /** Access unit delimiter. */
    public static final int NAL_AUD = 9;
    public static final int STAP_A = 24;
    public static final int STAP_B = 25;
    public static final int FU_A = 28;
    public static final int FU_B = 29;

    private H264Payload() {
    }

    /** The NAL unit type of the payload's first byte (0..31), or -1 when empty. */
    public static int nalType(byte[] buf, int off, int len) {
        return Bytes.inBounds(buf, off, len) && len >= 1 ? buf[off] & 0x1F : -1;
    }

    public static boolean isKeyframe(byte[] buf, int off, int len) {
        int type = nalType(buf, off, len);
        if (type >= 1 && type <= 23) {
            return isKeyNal(type);
        }
        return switch (type) {
            case STAP_A -> aggregateHasKeyNal(buf, off + 1, len - 1);
            case STAP_B -> len >= 3 && aggregateHasKeyNal(buf, off + 3, len - 3);
            case FU_A, FU_B -> len >= 2 && (buf[off + 1] & 0x80) != 0 && isKeyNal(buf[off + 1] & 0x1F);
            default -> false;
        };
    }

    /** True when the packet begins a NAL unit (not a middle or end FU fragment). */
    public static boolean isStartOfNal(byte[] buf, int off, int len) {
        int type = nalType(buf, off, len);
        if (type == FU_A || type == FU_B) {
            return len >= 2 && (buf[off + 1] & 0x80) != 0;
        }
        return type > 0;
    }

    private static boolean isKeyNal(int type) {
        return type == NAL_IDR || type == NAL_SPS;
    }

    private static boolean aggregateHasKeyNal(byte[] buf, int off, int len) {
        int i = 0;
        while (i + 2 < len) {
            int size = Bytes.u16(buf, off + i);
            i += 2;
            if (size == 0 || i + size > len) {
                return false;
            }
            if (isKeyNal(buf[off + i] & 0x1F)) {
                return true;
            }
            i += size;
        }
        return false;
    }
}
