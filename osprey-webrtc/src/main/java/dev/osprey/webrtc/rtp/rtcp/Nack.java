package dev.osprey.webrtc.rtp.rtcp;

import dev.osprey.webrtc.rtp.Bytes;
import dev.osprey.webrtc.rtp.SequenceNumbers;

/**
 * Generic NACK, RTPFB FMT 1 (RFC 4585 §6.2.1): after sender and media SSRC, one or more FCI
 * words of PID (a lost sequence number) and BLP (bit i set = PID+i+1 lost as well).
 */
public final class Nack {
    public static final int MIN_LENGTH = 16;
    public static final int FCI_LENGTH = 4;
    /** Each FCI names at most 17 lost packets. */
    public static final int MAX_LOST_PER_FCI = 17;

    private Nack() {
    }

    public static boolean isValid(byte[] buf, int off, int len) {
        return Rtcp.is(buf, off, len, Rtcp.PT_RTPFB, Rtcp.FMT_NACK) && len >= MIN_LENGTH;
    }

    public static int mediaSsrc(byte[] buf, int off) {
        return Bytes.i32(buf, off + 8);
    }

    public static int fciCount(int len) {
        return (len - 12) / FCI_LENGTH;
    }

    public static int pid(byte[] buf, int off, int index) {
        return Bytes.u16(buf, off + 12 + FCI_LENGTH * index);
    }

    public static int blp(byte[] buf, int off, int index) {
        return Bytes.u16(buf, off + 14 + FCI_LENGTH * index);
    }

    /**
     * Expands every PID+BLP into lost sequence numbers, written to {@code out} from {@code outOff}.
     * Stops when {@code out} is full; returns how many were written. A buffer of
     * {@code 17 * fciCount(len)} entries always suffices.
     */
    public static int lostSequenceNumbers(byte[] buf, int off, int len, int[] out, int outOff) {
        int n = outOff;
        for (int f = 0, fcis = fciCount(len); f < fcis && n < out.length; f++) {
            int pid = pid(buf, off, f);
            int blp = blp(buf, off, f);
            out[n++] = pid;
            for (int bit = 0; bit < 16 && n < out.length; bit++) {
                if ((blp & (1 << bit)) != 0) {
                    out[n++] = (pid + bit + 1) & 0xFFFF;
                }
            }
        }
        return n - outOff;
    }

    /**
     * Writes a NACK for the lost sequence numbers {@code lost[lostOff..lostOff+count)}, which
     * should be in ascending (wrap-aware) order; each starts a new FCI unless it falls within the
     * 16 packets after the current PID. Returns the length, or -1 when it does not fit or count is 0.
     */
    public static int write(byte[] dst, int off, int senderSsrc, int mediaSsrc, int[] lost, int lostOff, int count) {
        if (count <= 0 || !Bytes.inBounds(dst, off, MIN_LENGTH)) {
            return -1;
        }
        int fci = off + 12 - FCI_LENGTH;
        int pid = -1;
        int blp = 0;
        for (int i = lostOff; i < lostOff + count; i++) {
            int seq = lost[i] & 0xFFFF;
            int distance = pid < 0 ? -1 : SequenceNumbers.diff(seq, pid);
            if (distance == 0) {
                continue;
            }
            if (distance > 0 && distance <= 16) {
                blp |= 1 << (distance - 1);
                continue;
            }
            if (pid >= 0) {
                Bytes.put16(dst, fci + 2, blp);
            }
            fci += FCI_LENGTH;
            if (fci + FCI_LENGTH > dst.length) {
                return -1;
            }
            pid = seq;
            blp = 0;
            Bytes.put16(dst, fci, pid);
        }
        Bytes.put16(dst, fci + 2, blp);
        int total = fci + FCI_LENGTH - off;
        Rtcp.writeHeader(dst, off, Rtcp.FMT_NACK, Rtcp.PT_RTPFB, total);
        Bytes.put32(dst, off + 4, senderSsrc);
        Bytes.put32(dst, off + 8, mediaSsrc);
        return total;
    }
}
