package dev.osprey.webrtc.rtp.rtcp;

import dev.osprey.webrtc.rtp.Bytes;

/** Picture loss indication, PSFB FMT 1 (RFC 4585 §6.3.1): asks the sender of a media SSRC for a keyframe. */
public final class Pli {
    public static final int LENGTH = 12;

    private Pli() {
    }

    public static boolean isValid(byte[] buf, int off, int len) {
        return Rtcp.is(buf, off, len, Rtcp.PT_PSFB, Rtcp.FMT_PLI) && len >= LENGTH;
    }

    public static int mediaSsrc(byte[] buf, int off) {
        return Bytes.i32(buf, off + 8);
    }

    /** Writes a PLI; returns 12, or -1 when it does not fit. */
    public static int write(byte[] dst, int off, int senderSsrc, int mediaSsrc) {
        if (!Bytes.inBounds(dst, off, LENGTH)) {
            return -1;
        }
        Rtcp.writeHeader(dst, off, Rtcp.FMT_PLI, Rtcp.PT_PSFB, LENGTH);
        Bytes.put32(dst, off + 4, senderSsrc);
        Bytes.put32(dst, off + 8, mediaSsrc);
        return LENGTH;
    }
}
