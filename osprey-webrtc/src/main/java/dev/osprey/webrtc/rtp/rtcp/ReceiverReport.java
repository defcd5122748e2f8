package dev.osprey.webrtc.rtp.rtcp;

import dev.osprey.webrtc.rtp.Bytes;

/** Receiver report, PT 201 (RFC 3550 §6.4.2): the reporter's SSRC and RC report blocks. */
public final class ReceiverReport {
    public static final int MIN_LENGTH = 8;

    private ReceiverReport() {
    }

    public static boolean isValid(byte[] buf, int off, int len) {
        return Rtcp.is(buf, off, len, Rtcp.PT_RR)
                && len >= MIN_LENGTH + ReportBlock.LENGTH * Rtcp.count(buf, off);
    }

    public static int ssrc(byte[] buf, int off) {
        return Bytes.i32(buf, off + 4);
    }

    public static int reportCount(byte[] buf, int off) {
        return Rtcp.count(buf, off);
    }

    /** Absolute offset of report block {@code index}, for {@link ReportBlock#read}. */
    public static int reportBlockOffset(int off, int index) {
        return off + MIN_LENGTH + ReportBlock.LENGTH * index;
    }

    /** Writes an RR with {@code count} blocks; returns its length or -1 when it does not fit. */
    public static int write(byte[] dst, int off, int ssrc, ReportBlock[] blocks, int count) {
        int total = MIN_LENGTH + ReportBlock.LENGTH * count;
        if (!ReportBlock.fits(count) || !Bytes.inBounds(dst, off, total)) {
            return -1;
        }
        Rtcp.writeHeader(dst, off, count, Rtcp.PT_RR, total);
        Bytes.put32(dst, off + 4, ssrc);
        for (int i = 0; i < count; i++) {
            blocks[i].write(dst, reportBlockOffset(off, i));
        }
        return total;
    }
}
