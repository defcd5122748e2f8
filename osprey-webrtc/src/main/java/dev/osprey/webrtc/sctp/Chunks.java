package dev.osprey.webrtc.sctp;

/**
 * What every chunk shares (RFC 9260 3.2): the type numbers, the 4-byte chunk header, the type-length-value
 * parameters some chunks carry (3.2.1), and the big-endian field access the chunk classes use.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Chunk Type  |  Chunk Flags  |         Chunk Length          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                                                               \
 * /                          Chunk Value                          /
 * \                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * A parameter inside a chunk value:
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Parameter Type         |       Parameter Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                                                               \
 * /                        Parameter Value                        /
 * \                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Both lengths count the header but not the padding that brings the next chunk or parameter to a multiple of 4.
 */
final class Chunks {
    static final int DATA = 0;
    static final int INIT = 1;
    static final int INIT_ACK = 2;
    static final int SACK = 3;
    static final int HEARTBEAT = 4;
    static final int HEARTBEAT_ACK = 5;
    static final int ABORT = 6;
    static final int SHUTDOWN = 7;
    static final int SHUTDOWN_ACK = 8;
    static final int ERROR = 9;
    static final int COOKIE_ECHO = 10;
    static final int COOKIE_ACK = 11;
    static final int SHUTDOWN_COMPLETE = 14;
    static final int RE_CONFIG = 130;
    static final int FORWARD_TSN = 192;

    /** ABORT / SHUTDOWN COMPLETE: the verification tag is the sender's own (reflected). */
    static final int FLAG_T = 0x01;

    /** Size of the packet's common header (RFC 9260 3.1). */
    static final int COMMON_HEADER = 12;
    /** Size of a chunk header, and of a parameter header. */
    static final int HEADER = 4;

    private Chunks() {
    }

    /** True when a chunk of {@code len} bytes at {@code off} lies inside {@code buf}, has this type and says so. */
    static boolean is(byte[] buf, int off, int len, int type) {
        return inBounds(buf, off, len) && len >= HEADER && (buf[off] & 0xFF) == type && u16(buf, off + 2) == len;
    }

    /** Writes a chunk header. */
    static void writeHeader(byte[] dst, int off, int type, int flags, int length) {
        dst[off] = (byte) type;
        dst[off + 1] = (byte) flags;
        put16(dst, off + 2, length);
    }

    static int parameterType(byte[] b, int p) {
        return u16(b, p);
    }

    static int parameterLength(byte[] b, int p) {
        return u16(b, p + 2);
    }

    /**
     * The parameter at {@code p} has a sane length and ends by {@code end}: walkers stop (and treat the chunk as
     * malformed) at the first that does not.
     */
    static boolean parameterFits(byte[] b, int p, int end) {
        int length = parameterLength(b, p);
        return length >= HEADER && length <= end - p;
    }

    /** Where the parameter after the one at {@code p} starts. */
    static int nextParameter(byte[] b, int p) {
        return p + padded(parameterLength(b, p));
    }

    static void writeParameterHeader(byte[] dst, int p, int type, int length) {
        put16(dst, p, type);
        put16(dst, p + 2, length);
    }

    static boolean inBounds(byte[] b, int off, int len) {
        return b != null && off >= 0 && len >= 0 && off <= b.length - len;
    }

    static int u16(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    static int i32(byte[] b, int p) {
        return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }

    static long u32(byte[] b, int p) {
        return i32(b, p) & 0xFFFF_FFFFL;
    }

    static long i64(byte[] b, int p) {
        return (u32(b, p) << 32) | u32(b, p + 4);
    }

    static void put16(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 8);
        b[p + 1] = (byte) v;
    }

    static void put32(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }

    static void put64(byte[] b, int p, long v) {
        put32(b, p, (int) (v >>> 32));
        put32(b, p + 4, (int) v);
    }

    static int padded(int len) {
        return (len + 3) & ~3;
    }
}
