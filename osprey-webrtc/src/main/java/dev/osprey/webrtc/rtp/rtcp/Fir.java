package dev.osprey.webrtc.rtp.rtcp;

import dev.osprey.webrtc.rtp.Bytes;

/**
 * Full intra request, PSFB FMT 4 (RFC 5104 §4.3.1): the media-source field is 0 and each 8-byte
 * FCI names a target SSRC and a command sequence number, incremented for each new request so the
 * sender can tell repeats from new requests.
 */
public final class Fir {
    public static final int MIN_LENGTH = 20;
    public static final int FCI_LENGTH = 8;

    private Fir() {
    }

    public static boolean isValid(byte[] buf, int off, int len) {
        return Rtcp.is(buf, off, len, Rtcp.PT_PSFB, Rtcp.FMT_FIR) && len >= MIN_LENGTH;
    }

    public static int entryCount(int len) {
        return (len - 12) / FCI_LENGTH;
    }

    public static int entrySsrc(byte[] buf, int off, int index) {
        return Bytes.i32(buf, off + 12 + FCI_LENGTH * index);
    }

    public static int entrySequenceNumber(byte[] buf, int off, int index) {
        return buf[off + 16 + FCI_LENGTH * index] & 0xFF;
    }

    /** Writes a FIR with one entry; returns 20, or -1 when it does not fit. */
    public static int write(byte[] dst, int off, int senderSsrc, int targetSsrc, int sequenceNumber) {
        if (!Bytes.inBounds(dst, off, MIN_LENGTH)) {
            return -1;
        }
        Rtcp.writeHeader(dst, off, Rtcp.FMT_FIR, Rtcp.PT_PSFB, MIN_LENGTH);
        Bytes.put32(dst, off + 4, senderSsrc);
        Bytes.put32(dst, off + 8, 0);
        Bytes.put32(dst, off + 12, targetSsrc);
        Bytes.put32(dst, off + 16, (sequenceNumber & 0xFF) << 24);
        return MIN_LENGTH;
    }
}
