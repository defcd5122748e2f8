package dev.osprey.webrtc.sctp;

/**
 * FORWARD TSN (RFC 3758 3.2): the sender gave up on every TSN up to the new cumulative TSN (partial reliability);
 * for each ordered stream concerned, the highest stream sequence number skipped, so the receiver stops waiting.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 192  |  Flags = 0x00 |        Length = Variable      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      New Cumulative TSN                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Stream-1              |       Stream Sequence-1       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                                                               /
 * /                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Stream-N              |       Stream Sequence-N       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class ForwardTsnChunk {
    static final int MIN_LENGTH = 8;

    private ForwardTsnChunk() {
    }

    static boolean isValid(byte[] buf, int off, int len) {
        return Chunks.is(buf, off, len, Chunks.FORWARD_TSN) && len >= MIN_LENGTH;
    }

    static int newCumulativeTsn(byte[] buf, int off) {
        return Chunks.i32(buf, off + 4);
    }

    /** Number of stream / sequence number pairs. */
    static int streamCount(int len) {
        return (len - MIN_LENGTH) / 4;
    }

    static int streamId(byte[] buf, int off, int index) {
        return Chunks.u16(buf, off + MIN_LENGTH + 4 * index);
    }

    static int streamSequenceNumber(byte[] buf, int off, int index) {
        return Chunks.u16(buf, off + MIN_LENGTH + 2 + 4 * index);
    }

    /** Writes a FORWARD TSN with {@code count} pairs; returns its length, or -1 when it does not fit. */
    static int write(byte[] dst, int off, int newCumulativeTsn, int[] streamIds, int[] ssns, int count) {
        int length = MIN_LENGTH + 4 * count;
        if (!Chunks.inBounds(dst, off, length)) {
            return -1;
        }
        Chunks.writeHeader(dst, off, Chunks.FORWARD_TSN, 0, length);
        Chunks.put32(dst, off + 4, newCumulativeTsn);
        for (int k = 0, p = off + MIN_LENGTH; k < count; k++, p += 4) {
            Chunks.put16(dst, p, streamIds[k]);
            Chunks.put16(dst, p + 2, ssns[k]);
        }
        return length;
    }
}
