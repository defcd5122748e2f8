package dev.osprey.webrtc.sctp;

/**
 * HEARTBEAT (RFC 9260 3.3.5) and HEARTBEAT ACK (3.3.6), which share one layout: a Heartbeat Info parameter
 * (type 1) that only its sender understands and its receiver echoes byte for byte in the ACK.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Type = 4 / 5 |  Chunk Flags  |       Heartbeat Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                                                               \
 * /          Heartbeat Information TLV (Variable-Length)          /
 * \                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Our own Heartbeat Info carries a random nonce, so that a forged ACK cannot fake liveness, and the sending time,
 * so that the ACK gives an RTT sample:
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    Heartbeat Info Type = 1    |          Length = 20          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Nonce (64 bits)                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                Sending time (64 bits, nanoseconds)            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class HeartbeatChunk {
    static final int PARAM_HEARTBEAT_INFO = 1;
    /** Length of a HEARTBEAT carrying our own Heartbeat Info. */
    static final int OWN_LENGTH = 24;
    private static final int OWN_INFO_LENGTH = 20;

    private HeartbeatChunk() {
    }

    /** A HEARTBEAT from the peer with at least a parameter header to echo. */
    static boolean isValidRequest(byte[] buf, int off, int len) {
        return Chunks.is(buf, off, len, Chunks.HEARTBEAT) && infoLength(len) >= Chunks.HEADER;
    }

    /** A HEARTBEAT ACK echoing Heartbeat Info in our own format. */
    static boolean isOwnAck(byte[] buf, int off, int len) {
        return Chunks.is(buf, off, len, Chunks.HEARTBEAT_ACK) && len >= OWN_LENGTH
                && Chunks.parameterType(buf, off + 4) == PARAM_HEARTBEAT_INFO
                && Chunks.parameterLength(buf, off + 4) == OWN_INFO_LENGTH;
    }

    /** Where the Heartbeat Info starts. */
    static int infoOffset(int off) {
        return off + Chunks.HEADER;
    }

    static int infoLength(int len) {
        return len - Chunks.HEADER;
    }

    /** Nonce of our own Heartbeat Info, echoed in an ACK. */
    static long nonce(byte[] buf, int off) {
        return Chunks.i64(buf, off + 8);
    }

    /** Sending time of our own Heartbeat Info, echoed in an ACK. */
    static long sentAtNanos(byte[] buf, int off) {
        return Chunks.i64(buf, off + 16);
    }

    /** Writes a HEARTBEAT with our own Heartbeat Info; returns 24, or -1 when it does not fit. */
    static int writeRequest(byte[] dst, int off, long nonce, long nowNanos) {
        if (!Chunks.inBounds(dst, off, OWN_LENGTH)) {
            return -1;
        }
        Chunks.writeHeader(dst, off, Chunks.HEARTBEAT, 0, OWN_LENGTH);
        Chunks.writeParameterHeader(dst, off + 4, PARAM_HEARTBEAT_INFO, OWN_INFO_LENGTH);
        Chunks.put64(dst, off + 8, nonce);
        Chunks.put64(dst, off + 16, nowNanos);
        return OWN_LENGTH;
    }

    /** Writes a HEARTBEAT ACK echoing {@code info[infoOff, infoOff+infoLen)}; returns its length, or -1. */
    static int writeAck(byte[] dst, int off, byte[] info, int infoOff, int infoLen) {
        int length = Chunks.HEADER + infoLen;
        if (!Chunks.inBounds(dst, off, length)) {
            return -1;
        }
        Chunks.writeHeader(dst, off, Chunks.HEARTBEAT_ACK, 0, length);
        System.arraycopy(info, infoOff, dst, off + Chunks.HEADER, infoLen);
        return length;
    }
}
