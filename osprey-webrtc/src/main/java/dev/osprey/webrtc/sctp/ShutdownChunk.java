package dev.osprey.webrtc.sctp;

/**
 * SHUTDOWN (RFC 9260 3.3.8): the sender will queue no more data; it acknowledges what it received in sequence,
 * as a SACK's first field does.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 7    |  Chunk Flags  |          Length = 8           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Cumulative TSN Ack                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class ShutdownChunk {
    static final int LENGTH = 8;

    private ShutdownChunk() {
    }

    static boolean isValid(byte[] buf, int off, int len) {
        return Chunks.is(buf, off, len, Chunks.SHUTDOWN) && len >= LENGTH;
    }

    static int cumulativeTsnAck(byte[] buf, int off) {
        return Chunks.i32(buf, off + 4);
    }

    /** Writes a SHUTDOWN; returns 8, or -1 when it does not fit. */
    static int write(byte[] dst, int off, int cumulativeTsnAck) {
        if (!Chunks.inBounds(dst, off, LENGTH)) {
            return -1;
        }
        Chunks.writeHeader(dst, off, Chunks.SHUTDOWN, 0, LENGTH);
        Chunks.put32(dst, off + 4, cumulativeTsnAck);
        return LENGTH;
    }
}
