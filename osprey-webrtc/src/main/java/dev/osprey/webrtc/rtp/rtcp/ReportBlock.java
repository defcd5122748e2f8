package dev.osprey.webrtc.rtp.rtcp;

import dev.osprey.webrtc.rtp.Bytes;

/**
 * One reception report block (RFC 3550 §6.4.1), 24 bytes, shared by SR and RR. A mutable holder:
 * callers keep instances and {@link #read} into them, or fill them and pass them to a builder.
 */
public final class ReportBlock {
    public static final int LENGTH = 24;

    public int ssrc;
    /** Fraction of packets lost since the last report, in 1/256 units (0..255). */
    public int fractionLost;
    /** Cumulative packets lost, a signed 24-bit value (duplicates can make it negative). */
    public int cumulativeLost;
    public int extendedHighestSequence;
    public int jitter;
    /** Middle 32 bits of the NTP timestamp of the last SR received from this source. */
    public int lastSenderReport;
    /** Delay since that SR, in 1/65536 s. */
    public int delaySinceLastSenderReport;

    /** Reads the block at {@code off}; the caller has checked that 24 bytes are there. */
    public ReportBlock read(byte[] buf, int off) {
        ssrc = Bytes.i32(buf, off);
        fractionLost = buf[off + 4] & 0xFF;
        cumulativeLost = Bytes.u24(buf, off + 5) << 8 >> 8;
        extendedHighestSequence = Bytes.i32(buf, off + 8);
        jitter = Bytes.i32(buf, off + 12);
        lastSenderReport = Bytes.i32(buf, off + 16);
        delaySinceLastSenderReport = Bytes.i32(buf, off + 20);
        return this;
    }

    /** Writes the block at {@code off} (24 bytes); the cumulative loss is clamped to 24 bits. */
    public void write(byte[] dst, int off) {
        Bytes.put32(dst, off, ssrc);
        dst[off + 4] = (byte) fractionLost;
        Bytes.put24(dst, off + 5, Math.max(-0x800000, Math.min(0x7FFFFF, cumulativeLost)));
        Bytes.put32(dst, off + 8, extendedHighestSequence);
        Bytes.put32(dst, off + 12, jitter);
        Bytes.put32(dst, off + 16, lastSenderReport);
        Bytes.put32(dst, off + 20, delaySinceLastSenderReport);
    }

    /** Fills all fields at once; returns this for chaining. */
    public ReportBlock set(int ssrc, int fractionLost, int cumulativeLost, int extendedHighestSequence,
                           int jitter, int lastSenderReport, int delaySinceLastSenderReport) {
        this.ssrc = ssrc;
        this.fractionLost = fractionLost;
        this.cumulativeLost = cumulativeLost;
        this.extendedHighestSequence = extendedHighestSequence;
        this.jitter = jitter;
        this.lastSenderReport = lastSenderReport;
        this.delaySinceLastSenderReport = delaySinceLastSenderReport;
        return this;
    }

    static boolean fits(int count) {
        return count >= 0 && count <= 31;
    }
}
