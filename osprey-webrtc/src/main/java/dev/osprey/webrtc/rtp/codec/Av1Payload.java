package dev.osprey.webrtc.rtp.codec;

import dev.osprey.webrtc.rtp.Bytes;

/**
 * AV1 RTP aggregation header (AV1 RTP specification §4.4), the first payload byte:
 *
 * <pre>
 *  Z|Y|W W|N|-|-|-
 * </pre>
 *
 * Z: the first OBU continues one from the previous packet; Y: the last OBU continues in the next
 * packet; W: number of OBU elements (0 = each is length-prefixed); N: this packet is the first of a
 * new coded video sequence, i.e. starts a keyframe a decoder can join at.
 */
public final class Av1Payload {
    private Av1Payload() {
    }

    public static boolean isKeyframe(byte[] buf, int off, int len) {
        return Bytes.inBounds(buf, off, len) && len >= 2 && (buf[off] & 0x08) != 0;
    }

    /** Z bit: the first OBU element continues an OBU from the previous packet. */
    public static boolean continuesPreviousObu(byte[] buf, int off, int len) {
        return Bytes.inBounds(buf, off, len) && len >= 1 && (buf[off] & 0x80) != 0;
    }

    /** Y bit: the last OBU element continues in the next packet. */
    public static boolean continuesInNextPacket(byte[] buf, int off, int len) {
        return Bytes.inBounds(buf, off, len) && len >= 1 && (buf[off] & 0x40) != 0;
    }

    /** W field: OBU element count (1..3), or 0 when every element carries a length prefix; -1 when empty. */
    public static int obuCount(byte[] buf, int off, int len) {
        return Bytes.inBounds(buf, off, len) && len >= 1 ? (buf[off] >>> 4) & 0x03 : -1;
    }
}
