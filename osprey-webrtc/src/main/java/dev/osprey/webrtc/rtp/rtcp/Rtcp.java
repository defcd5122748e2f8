package dev.osprey.webrtc.rtp.rtcp;

import dev.osprey.webrtc.rtp.Bytes;

/** RTCP packet types, feedback formats and the common 4-byte header (RFC 3550 §6.4, RFC 4585 §6.1). */
public final class Rtcp {
    public static final int HEADER_LENGTH = 4;

    public static final int PT_SR = 200;
    public static final int PT_RR = 201;
    public static final int PT_SDES = 202;
    public static final int PT_BYE = 203;
    public static final int PT_APP = 204;
    /** Transport-layer feedback (RFC 4585): NACK, transport-cc. */
    public static final int PT_RTPFB = 205;
    /** Payload-specific feedback (RFC 4585): PLI, FIR, REMB. */
    public static final int PT_PSFB = 206;

    public static final int FMT_NACK = 1;
    public static final int FMT_TRANSPORT_CC = 15;
    public static final int FMT_PLI = 1;
    public static final int FMT_FIR = 4;
    /** Application-layer feedback; REMB is the one Chromium sends. */
    public static final int FMT_AFB = 15;

    private Rtcp() {
    }

    /** The RC/SC/FMT field of the header at {@code off}. */
    public static int count(byte[] buf, int off) {
        return buf[off] & 0x1F;
    }

    public static int packetType(byte[] buf, int off) {
        return buf[off + 1] & 0xFF;
    }

    /** Sender SSRC of SR, RR, and every RFC 4585 feedback message (the word after the header). */
    public static int senderSsrc(byte[] buf, int off) {
        return Bytes.i32(buf, off + 4);
    }

    /** Writes a header without padding for a packet of {@code totalLength} bytes (a multiple of 4). */
    static void writeHeader(byte[] dst, int off, int count, int packetType, int totalLength) {
        dst[off] = (byte) (0x80 | (count & 0x1F));
        dst[off + 1] = (byte) packetType;
        Bytes.put16(dst, off + 2, totalLength / 4 - 1);
    }

    /** True when a packet at {@code off} of {@code len} bytes is version 2 with the given type. */
    static boolean is(byte[] buf, int off, int len, int packetType) {
        return Bytes.inBounds(buf, off, len) && len >= HEADER_LENGTH
                && (buf[off] & 0xC0) == 0x80 && (buf[off + 1] & 0xFF) == packetType;
    }

    /** As {@link #is(byte[], int, int, int)}, and the count field holds the feedback format. */
    static boolean is(byte[] buf, int off, int len, int packetType, int format) {
        return is(buf, off, len, packetType) && (buf[off] & 0x1F) == format;
    }
}
