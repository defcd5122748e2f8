package dev.osprey.webrtc.sctp;

/**
 * COOKIE ECHO (RFC 9260 3.3.11): the State Cookie of the peer's INIT ACK, returned unchanged so the peer can
 * create the association from it.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 10   |  Chunk Flags  |            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * /                            Cookie                             /
 * \                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class CookieEchoChunk {
    private CookieEchoChunk() {
    }

    static int cookieOffset(int off) {
        return off + Chunks.HEADER;
    }

    static int cookieLength(int len) {
        return len - Chunks.HEADER;
    }

    /** Writes a COOKIE ECHO carrying {@code cookie}; returns its length, or -1 when it does not fit. */
    static int write(byte[] dst, int off, byte[] cookie) {
        int length = Chunks.HEADER + cookie.length;
        if (!Chunks.inBounds(dst, off, length)) {
            return -1;
        }
        Chunks.writeHeader(dst, off, Chunks.COOKIE_ECHO, 0, length);
        System.arraycopy(cookie, 0, dst, off + Chunks.HEADER, cookie.length);
        return length;
    }
}
