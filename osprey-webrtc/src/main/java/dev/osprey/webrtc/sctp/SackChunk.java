package dev.osprey.webrtc.sctp;

/**
 * SACK (RFC 9260 3.3.4): the highest TSN received in sequence, the receive window left, blocks of TSNs received
 * beyond it (as offsets from the cumulative TSN) and TSNs received more than once.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 3    |  Chunk Flags  |         Chunk Length          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Cumulative TSN Ack                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Advertised Receiver Window Credit (a_rwnd)          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Number of Gap Ack Blocks = N  |  Number of Duplicate TSNs = M |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    Gap Ack Block #1 Start     |     Gap Ack Block #1 End      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * /                                                               /
 * \                              ...                              \
 * /                                                               /
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    Gap Ack Block #N Start     |     Gap Ack Block #N End      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Duplicate TSN 1                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * /                                                               /
 * \                              ...                              \
 * /                                                               /
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Duplicate TSN M                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class SackChunk {
    static final int MIN_LENGTH = 16;

    private SackChunk() {
    }

    /** A SACK whose gap blocks and duplicate TSNs all fit in its length. */
    static boolean isValid(byte[] buf, int off, int len) {
        return Chunks.is(buf, off, len, Chunks.SACK) && len >= MIN_LENGTH
                && MIN_LENGTH + 4L * gapBlockCount(buf, off) + 4L * duplicateCount(buf, off) <= len;
    }

    static int cumulativeTsnAck(byte[] buf, int off) {
        return Chunks.i32(buf, off + 4);
    }

    static long advertisedWindow(byte[] buf, int off) {
        return Chunks.u32(buf, off + 8);
    }

    static int gapBlockCount(byte[] buf, int off) {
        return Chunks.u16(buf, off + 12);
    }

    static int duplicateCount(byte[] buf, int off) {
        return Chunks.u16(buf, off + 14);
    }

    /** Start of gap block {@code index}, as an offset from the cumulative TSN. */
    static int gapStart(byte[] buf, int off, int index) {
        return Chunks.u16(buf, off + MIN_LENGTH + 4 * index);
    }

    /** End (inclusive) of gap block {@code index}, as an offset from the cumulative TSN. */
    static int gapEnd(byte[] buf, int off, int index) {
        return Chunks.u16(buf, off + MIN_LENGTH + 2 + 4 * index);
    }

    /** Writes a SACK; returns its length, or -1 when it does not fit. */
    static int write(byte[] dst, int off, int cumulativeTsnAck, long arwnd, int[] gapStarts, int[] gapEnds,
                     int gapCount, int[] duplicates, int duplicateCount) {
        int length = MIN_LENGTH + 4 * gapCount + 4 * duplicateCount;
        if (!Chunks.inBounds(dst, off, length)) {
            return -1;
        }
        Chunks.writeHeader(dst, off, Chunks.SACK, 0, length);
        Chunks.put32(dst, off + 4, cumulativeTsnAck);
        Chunks.put32(dst, off + 8, (int) arwnd);
        Chunks.put16(dst, off + 12, gapCount);
        Chunks.put16(dst, off + 14, duplicateCount);
        int p = off + MIN_LENGTH;
        for (int g = 0; g < gapCount; g++, p += 4) {
            Chunks.put16(dst, p, gapStarts[g]);
            Chunks.put16(dst, p + 2, gapEnds[g]);
        }
        for (int d = 0; d < duplicateCount; d++, p += 4) {
            Chunks.put32(dst, p, duplicates[d]);
        }
        return length;
    }
}
