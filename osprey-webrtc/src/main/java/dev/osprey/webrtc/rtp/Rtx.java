package dev.osprey.webrtc.rtp;

/**
 * RTP retransmission payload format (RFC 4588 §4): an RTX packet carries the original packet's
 * header fields (CSRCs and extensions included) under its own SSRC, sequence number and payload
 * type, and its payload starts with the 2-byte original sequence number (OSN).
 *
 * <p>Padding-only RTX packets (bandwidth probes) have no OSN; {@link #originalSequenceNumber}
 * returns -1 for them.
 */
public final class Rtx {
    public static final int OSN_LENGTH = 2;

    private Rtx() {
    }

    /** The original sequence number carried by an RTX packet, or -1 when the payload is too short. */
    public static int originalSequenceNumber(RtpPacket rtx) {
        if (rtx.payloadLength() < OSN_LENGTH) {
            return -1;
        }
        return Bytes.u16(rtx.buffer(), rtx.payloadOffset());
    }

    /**
     * Writes {@code original} as an RTX packet into {@code dst} at {@code dstOff} with the RTX
     * stream's SSRC, sequence number and payload type. Padding is dropped. Returns the length
     * written, or -1 when {@code dst} is too small. {@code dst} may be the original's own buffer
     * at the same offset when it has 2 spare bytes after the packet; otherwise it must not overlap.
     */
    public static int wrap(RtpPacket original, byte[] dst, int dstOff, int rtxSsrc, int rtxSeq, int rtxPayloadType) {
        int headerLength = original.headerLength();
        int payloadLength = original.payloadLength();
        int total = headerLength + OSN_LENGTH + payloadLength;
        if (!Bytes.inBounds(dst, dstOff, total)) {
            return -1;
        }
        byte[] src = original.buffer();
        int srcOff = original.offset();
        int osn = original.sequenceNumber();
        // Payload first: with dst == src at the same offset this moves it right before the OSN lands.
        System.arraycopy(src, original.payloadOffset(), dst, dstOff + headerLength + OSN_LENGTH, payloadLength);
        System.arraycopy(src, srcOff, dst, dstOff, headerLength);
        dst[dstOff] &= (byte) ~0x20;
        dst[dstOff + 1] = (byte) ((dst[dstOff + 1] & 0x80) | (rtxPayloadType & 0x7F));
        Bytes.put16(dst, dstOff + 2, rtxSeq);
        Bytes.put32(dst, dstOff + 8, rtxSsrc);
        Bytes.put16(dst, dstOff + headerLength, osn);
        return total;
    }

    /**
     * Restores the original packet from an RTX packet into {@code dst} (which may be the RTX
     * packet's own buffer at the same offset): original SSRC and payload type, the OSN as sequence
     * number, the OSN removed, padding dropped. Returns the length, or -1 when there is no OSN or
     * {@code dst} is too small.
     */
    public static int unwrap(RtpPacket rtx, byte[] dst, int dstOff, int originalSsrc, int originalPayloadType) {
        int osn = originalSequenceNumber(rtx);
        if (osn < 0) {
            return -1;
        }
        int headerLength = rtx.headerLength();
        int payloadLength = rtx.payloadLength() - OSN_LENGTH;
        int total = headerLength + payloadLength;
        if (!Bytes.inBounds(dst, dstOff, total)) {
            return -1;
        }
        byte[] src = rtx.buffer();
        System.arraycopy(src, rtx.offset(), dst, dstOff, headerLength);
        System.arraycopy(src, rtx.payloadOffset() + OSN_LENGTH, dst, dstOff + headerLength, payloadLength);
        dst[dstOff] &= (byte) ~0x20;
        dst[dstOff + 1] = (byte) ((dst[dstOff + 1] & 0x80) | (originalPayloadType & 0x7F));
        Bytes.put16(dst, dstOff + 2, osn);
        Bytes.put32(dst, dstOff + 8, originalSsrc);
        return total;
    }
}
