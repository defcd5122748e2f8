package dev.osprey.webrtc.rtp.rtcp;

import dev.osprey.webrtc.rtp.Bytes;

/**
 * Source description, PT 202 (RFC 3550 §6.5): SC chunks, each an SSRC followed by items
 * (type, length, text) and ended by null octets up to a 32-bit boundary. WebRTC only needs
 * CNAME, so the builder writes one chunk with one CNAME item; {@link SdesReader} reads any SDES.
 */
public final class Sdes {
    public static final int ITEM_END = 0;
    public static final int ITEM_CNAME = 1;
    public static final int ITEM_NAME = 2;
    public static final int MAX_ITEM_LENGTH = 255;

    private Sdes() {
    }

    /**
     * Writes an SDES packet with one chunk holding a CNAME (UTF-8 bytes {@code cname[cnameOff..+cnameLen)}).
     * Returns the length, or -1 when it does not fit or the CNAME is longer than 255 bytes.
     */
    public static int writeCname(byte[] dst, int off, int ssrc, byte[] cname, int cnameOff, int cnameLen) {
        if (cnameLen < 0 || cnameLen > MAX_ITEM_LENGTH || !Bytes.inBounds(cname, cnameOff, cnameLen)) {
            return -1;
        }
        // header + SSRC + type + length + text + at least one null octet, rounded up to 4
        int total = (Rtcp.HEADER_LENGTH + 4 + 2 + cnameLen + 1 + 3) & ~3;
        if (!Bytes.inBounds(dst, off, total)) {
            return -1;
        }
        Rtcp.writeHeader(dst, off, 1, Rtcp.PT_SDES, total);
        Bytes.put32(dst, off + 4, ssrc);
        dst[off + 8] = ITEM_CNAME;
        dst[off + 9] = (byte) cnameLen;
        System.arraycopy(cname, cnameOff, dst, off + 10, cnameLen);
        for (int i = off + 10 + cnameLen; i < off + total; i++) {
            dst[i] = 0;
        }
        return total;
    }
}
