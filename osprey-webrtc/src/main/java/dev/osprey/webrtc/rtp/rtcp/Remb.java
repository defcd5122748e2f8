package dev.osprey.webrtc.rtp.rtcp;

import dev.osprey.webrtc.rtp.Bytes;

/**
 * Receiver estimated maximum bitrate, PSFB FMT 15 with the "REMB" identifier
 * (draft-alvestrand-rmcat-remb-03 §2.2): a bitrate as an 18-bit mantissa shifted left by a 6-bit
 * exponent, applying to the listed SSRCs. The media-source field is 0.
 */
public final class Remb {
    public static final int MIN_LENGTH = 20;
    private static final int IDENTIFIER = 'R' << 24 | 'E' << 16 | 'M' << 8 | 'B';
    private static final int MAX_MANTISSA = 0x3FFFF;

    private Remb() {
    }

    public static boolean isValid(byte[] buf, int off, int len) {
        return Rtcp.is(buf, off, len, Rtcp.PT_PSFB, Rtcp.FMT_AFB) && len >= MIN_LENGTH
                && Bytes.i32(buf, off + 12) == IDENTIFIER
                && len >= MIN_LENGTH + 4 * ssrcCount(buf, off);
    }

    /** The bitrate in bits per second, saturating at {@link Long#MAX_VALUE}. */
    public static long bitrate(byte[] buf, int off) {
        int exponent = (buf[off + 17] & 0xFF) >>> 2;
        long mantissa = Bytes.u24(buf, off + 17) & MAX_MANTISSA;
        if (mantissa != 0 && exponent >= Long.numberOfLeadingZeros(mantissa)) {
            return Long.MAX_VALUE;
        }
        return mantissa << exponent;
    }

    public static int ssrcCount(byte[] buf, int off) {
        return buf[off + 16] & 0xFF;
    }

    public static int ssrc(byte[] buf, int off, int index) {
        return Bytes.i32(buf, off + MIN_LENGTH + 4 * index);
    }

    /**
     * Writes a REMB for {@code ssrcs[0..count)}; the bitrate is rounded down to what the
     * mantissa/exponent form can carry. Returns the length, or -1 when it does not fit.
     */
    public static int write(byte[] dst, int off, int senderSsrc, long bitrateBps, int[] ssrcs, int count) {
        int total = MIN_LENGTH + 4 * count;
        if (count < 0 || count > 255 || bitrateBps < 0 || !Bytes.inBounds(dst, off, total)) {
            return -1;
        }
        int exponent = 0;
        while ((bitrateBps >>> exponent) > MAX_MANTISSA) {
            exponent++;
        }
        int mantissa = (int) (bitrateBps >>> exponent);
        Rtcp.writeHeader(dst, off, Rtcp.FMT_AFB, Rtcp.PT_PSFB, total);
        Bytes.put32(dst, off + 4, senderSsrc);
        Bytes.put32(dst, off + 8, 0);
        Bytes.put32(dst, off + 12, IDENTIFIER);
        dst[off + 16] = (byte) count;
        Bytes.put24(dst, off + 17, exponent << 18 | mantissa);
        for (int i = 0; i < count; i++) {
            Bytes.put32(dst, off + MIN_LENGTH + 4 * i, ssrcs[i]);
        }
        return total;
    }
}
