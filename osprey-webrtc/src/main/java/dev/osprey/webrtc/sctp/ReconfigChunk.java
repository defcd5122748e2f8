package dev.osprey.webrtc.sctp;

/**
 * RE-CONFIG (RFC 6525 3.1): one or two re-configuration parameters, requests and responses, each with its own
 * sequence number. {@link OutgoingResetRequest} and {@link ReconfigResponse} read and write the two that data
 * channels use.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Type = 130   |  Chunk Flags  |         Chunk Length          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                                                               \
 * /                  Re-configuration Parameter                   /
 * \                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                                                               \
 * /             Re-configuration Parameter (optional)             /
 * \                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class ReconfigChunk {
    /** Incoming SSN Reset, SSN/TSN Reset, Add Outgoing / Incoming Streams (RFC 6525 4.2, 4.3, 4.5, 4.6). */
    static final int FIRST_OTHER_REQUEST = 14;
    static final int LAST_OTHER_REQUEST = 18;
    /** Every request starts with its request sequence number after the parameter header. */
    static final int MIN_REQUEST_LENGTH = 8;

    private ReconfigChunk() {
    }

    static int firstParameter(int off) {
        return off + Chunks.HEADER;
    }

    /** The request sequence number of any request parameter at {@code p}. */
    static int requestSequenceNumber(byte[] buf, int p) {
        return Chunks.i32(buf, p + 4);
    }

    /** Writes the header of a RE-CONFIG whose parameters, already written after it, end at {@code end}. */
    static int writeHeader(byte[] dst, int off, int end) {
        int length = end - off;
        if (!Chunks.inBounds(dst, off, length) || length < Chunks.HEADER) {
            return -1;
        }
        Chunks.writeHeader(dst, off, Chunks.RE_CONFIG, 0, length);
        return length;
    }
}
