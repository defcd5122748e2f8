package dev.osprey.webrtc.rtp.rtcp;

import dev.osprey.webrtc.rtp.Bytes;

/** Goodbye, PT 203 (RFC 3550 §6.6): SC SSRCs leaving, then an optional length-prefixed reason. */
public final class Bye {
    private Bye() {
    }

    public static boolean isValid(byte[] buf, int off, int len) {
        if (!Rtcp.is(buf, off, len, Rtcp.PT_BYE)) {
            return false;
        }
        int reason = off + Rtcp.HEADER_LENGTH + 4 * Rtcp.count(buf, off);
        if (reason > off + len) {
            return false;
        }
        return reason == off + len || reason + 1 + (buf[reason] & 0xFF) <= off + len;
    }

    public static int ssrcCount(byte[] buf, int off) {
        return Rtcp.count(buf, off);
    }

    public static int ssrc(byte[] buf, int off, int index) {
        return Bytes.i32(buf, off + Rtcp.HEADER_LENGTH + 4 * index);
    }

    /** Absolute offset of the reason text, or -1 when the packet has none. */
    public static int reasonOffset(byte[] buf, int off, int len) {
        int reason = off + Rtcp.HEADER_LENGTH + 4 * Rtcp.count(buf, off);
        return reason < off + len && buf[reason] != 0 ? reason + 1 : -1;
    }

    /** Length of the reason text (0 when there is none). */
    public static int reasonLength(byte[] buf, int off, int len) {
        int at = reasonOffset(buf, off, len);
        return at < 0 ? 0 : buf[at - 1] & 0xFF;
    }

    /**
     * Writes a BYE for {@code ssrcs[0..count)} with an optional reason ({@code reasonLen} 0 for none).
     * Returns the length, or -1 when it does not fit or the arguments are out of range.
     */
    public static int write(byte[] dst, int off, int[] ssrcs, int count, byte[] reason, int reasonOff, int reasonLen) {
        if (count < 0 || count > 31 || reasonLen < 0 || reasonLen > 255
                || (reasonLen > 0 && !Bytes.inBounds(reason, reasonOff, reasonLen))) {
            return -1;
        }
        int body = Rtcp.HEADER_LENGTH + 4 * count;
        int total = reasonLen == 0 ? body : (body + 1 + reasonLen + 3) & ~3;
        if (!Bytes.inBounds(dst, off, total)) {
            return -1;
        }
        Rtcp.writeHeader(dst, off, count, Rtcp.PT_BYE, total);
        for (int i = 0; i < count; i++) {
            Bytes.put32(dst, off + Rtcp.HEADER_LENGTH + 4 * i, ssrcs[i]);
        }
        if (reasonLen > 0) {
            dst[off + body] = (byte) reasonLen;
            System.arraycopy(reason, reasonOff, dst, off + body + 1, reasonLen);
            for (int i = off + body + 1 + reasonLen; i < off + total; i++) {
                dst[i] = 0;
            }
        }
        return total;
    }
}
