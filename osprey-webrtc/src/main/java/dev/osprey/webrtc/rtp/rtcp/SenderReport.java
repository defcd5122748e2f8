package dev.osprey.webrtc.rtp.rtcp;

import dev.osprey.webrtc.rtp.Bytes;

/**
 * Sender report, PT 200 (RFC 3550 §6.4.1): sender info (NTP and RTP timestamps that let a
 * receiver sync audio with video, packet and octet counts) followed by RC report blocks.
 * Profile-specific extensions after the blocks are tolerated and ignored.
 */
public final class SenderReport {
    public static final int MIN_LENGTH = 28;

    private SenderReport() {
    }

    public static boolean isValid(byte[] buf, int off, int len) {
        return Rtcp.is(buf, off, len, Rtcp.PT_SR)
                && len >= MIN_LENGTH + ReportBlock.LENGTH * Rtcp.count(buf, off);
    }

    public static int ssrc(byte[] buf, int off) {
        return Bytes.i32(buf, off + 4);
    }

    /** 64-bit NTP timestamp: seconds since 1900 in the high word, fraction in the low word. */
    public static long ntpTimestamp(byte[] buf, int off) {
        return Bytes.i64(buf, off + 8);
    }

    public static int rtpTimestamp(byte[] buf, int off) {
        return Bytes.i32(buf, off + 16);
    }

    public static int packetCount(byte[] buf, int off) {
        return Bytes.i32(buf, off + 20);
    }

    public static int octetCount(byte[] buf, int off) {
        return Bytes.i32(buf, off + 24);
    }

    public static int reportCount(byte[] buf, int off) {
        return Rtcp.count(buf, off);
    }

    /** Absolute offset of report block {@code index}, for {@link ReportBlock#read}. */
    public static int reportBlockOffset(int off, int index) {
        return off + MIN_LENGTH + ReportBlock.LENGTH * index;
    }

    /** The middle 32 bits of an NTP timestamp: the LSR value receivers echo back (RFC 3550 §6.4.1). */
    public static int compactNtp(long ntpTimestamp) {
        return (int) (ntpTimestamp >>> 16);
    }

    /** Writes an SR with {@code count} blocks from {@code blocks}; returns its length or -1 when it does not fit. */
    public static int write(byte[] dst, int off, int ssrc, long ntpTimestamp, int rtpTimestamp,
                            int packetCount, int octetCount, ReportBlock[] blocks, int count) {
        int total = MIN_LENGTH + ReportBlock.LENGTH * count;
        if (!ReportBlock.fits(count) || !Bytes.inBounds(dst, off, total)) {
            return -1;
        }
        Rtcp.writeHeader(dst, off, count, Rtcp.PT_SR, total);
        Bytes.put32(dst, off + 4, ssrc);
        Bytes.put64(dst, off + 8, ntpTimestamp);
        Bytes.put32(dst, off + 16, rtpTimestamp);
        Bytes.put32(dst, off + 20, packetCount);
        Bytes.put32(dst, off + 24, octetCount);
        for (int i = 0; i < count; i++) {
            blocks[i].write(dst, reportBlockOffset(off, i));
        }
        return total;
    }
}
