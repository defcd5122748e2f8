package dev.osprey.webrtc.sctp;

/**
 * DATA (RFC 9260 3.3.1): one fragment of a user message, or a whole one when both B and E are set. U marks an
 * unordered message, whose stream sequence number means nothing; I (RFC 7053) is neither sent nor read.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 0    |  Res  |I|U|B|E|            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                              TSN                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Stream Identifier S      |   Stream Sequence Number n    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Payload Protocol Identifier                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                                                               \
 * /                 User Data (seq n of Stream S)                 /
 * \                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class DataChunk {
    static final int HEADER_LENGTH = 16;
    static final int FLAG_END = 0x01;
    static final int FLAG_BEGIN = 0x02;
    static final int FLAG_UNORDERED = 0x04;

    private DataChunk() {
    }

    /** A DATA chunk with at least one byte of user data (an empty one is a protocol violation). */
    static boolean isValid(byte[] buf, int off, int len) {
        return Chunks.is(buf, off, len, Chunks.DATA) && len > HEADER_LENGTH;
    }

    static int flags(byte[] buf, int off) {
        return buf[off + 1] & 0xFF;
    }

    static int tsn(byte[] buf, int off) {
        return Chunks.i32(buf, off + 4);
    }

    static int streamId(byte[] buf, int off) {
        return Chunks.u16(buf, off + 8);
    }

    static int streamSequenceNumber(byte[] buf, int off) {
        return Chunks.u16(buf, off + 10);
    }

    static int ppid(byte[] buf, int off) {
        return Chunks.i32(buf, off + 12);
    }

    static int userDataOffset(int off) {
        return off + HEADER_LENGTH;
    }

    static int userDataLength(int len) {
        return len - HEADER_LENGTH;
    }

    /**
     * Writes a DATA chunk carrying {@code data[dataOff, dataOff+dataLen)}; returns its length, or -1 when it does not
     * fit.
     */
    static int write(byte[] dst, int off, int flags, int tsn, int streamId, int ssn, int ppid,
                     byte[] data, int dataOff, int dataLen) {
        int length = HEADER_LENGTH + dataLen;
        if (!Chunks.inBounds(dst, off, length)) {
            return -1;
        }
        Chunks.writeHeader(dst, off, Chunks.DATA, flags, length);
        Chunks.put32(dst, off + 4, tsn);
        Chunks.put16(dst, off + 8, streamId);
        Chunks.put16(dst, off + 10, ssn);
        Chunks.put32(dst, off + 12, ppid);
        System.arraycopy(data, dataOff, dst, off + HEADER_LENGTH, dataLen);
        return length;
    }
}
