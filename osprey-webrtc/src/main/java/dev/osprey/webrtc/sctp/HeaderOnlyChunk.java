package dev.osprey.webrtc.sctp;

/**
 * The chunks that are nothing but a header: COOKIE ACK (RFC 9260 3.3.12), SHUTDOWN ACK (3.3.9) and SHUTDOWN
 * COMPLETE (3.3.13, whose T bit means the same as ABORT's). Their type is all they say.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 11   |  Chunk Flags  |          Length = 4           |   COOKIE ACK
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 8    |  Chunk Flags  |          Length = 4           |   SHUTDOWN ACK
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 14   |  Reserved   |T|          Length = 4           |   SHUTDOWN COMPLETE
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class HeaderOnlyChunk {
    static final int LENGTH = 4;

    private HeaderOnlyChunk() {
    }

    /** Writes one of these chunks with no flags; returns 4, or -1 when it does not fit. */
    static int write(byte[] dst, int off, int type) {
        if (!Chunks.inBounds(dst, off, LENGTH)) {
            return -1;
        }
        Chunks.writeHeader(dst, off, type, 0, LENGTH);
        return LENGTH;
    }
}
