package dev.osprey.webrtc.rtp;

/**
 * Tells RTP from RTCP on a muxed port (RFC 5761 §4): the second byte of RTCP is a packet type
 * in 192..223, which for RTP would be marker + payload type 64..95, a range RTP must not use.
 * Call only on datagrams already classified as SRTP/SRTCP (first byte 128..191, RFC 7983).
 */
public final class RtpRtcpDemux {
    private RtpRtcpDemux() {
    }

    public static boolean isRtcp(byte[] buf, int off, int len) {
        if (!Bytes.inBounds(buf, off, len) || len < 2) {
            return false;
        }
        int pt = buf[off + 1] & 0xFF;
        return pt >= 192 && pt <= 223;
    }

    /** Version 2 and a second byte outside the RTCP range. */
    public static boolean isRtp(byte[] buf, int off, int len) {
        return Bytes.inBounds(buf, off, len) && len >= RtpPacket.FIXED_HEADER_LENGTH
                && (buf[off] & 0xC0) == 0x80 && !isRtcp(buf, off, len);
    }
}
