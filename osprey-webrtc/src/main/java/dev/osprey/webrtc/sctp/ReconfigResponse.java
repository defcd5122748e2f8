package dev.osprey.webrtc.sctp;

/**
 * The Re-configuration Response parameter of RE-CONFIG (RFC 6525 4.4): the outcome of the request with this
 * sequence number. The optional TSN fields belong to SSN/TSN reset, which is not used here.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Parameter Type = 16       |      Parameter Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Re-configuration Response Sequence Number             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                            Result                             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   Sender's Next TSN (optional)                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Receiver's Next TSN (optional)               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class ReconfigResponse {
    static final int TYPE = 16;
    static final int LENGTH = 12;

    static final int RESULT_NOTHING_TO_DO = 0;
    static final int RESULT_PERFORMED = 1;
    static final int RESULT_DENIED = 2;
    static final int RESULT_BAD_SEQUENCE = 5;
    static final int RESULT_IN_PROGRESS = 6;

    private ReconfigResponse() {
    }

    /** {@code plen}: the length of a parameter of this type whose framing the caller checked. */
    static boolean isValid(int plen) {
        return plen >= LENGTH;
    }

    static int responseSequenceNumber(byte[] buf, int p) {
        return Chunks.i32(buf, p + 4);
    }

    static int result(byte[] buf, int p) {
        return Chunks.i32(buf, p + 8);
    }

    /** Writes the parameter without the optional fields; returns 12, or -1 when it does not fit. */
    static int write(byte[] dst, int p, int responseSeq, int result) {
        if (!Chunks.inBounds(dst, p, LENGTH)) {
            return -1;
        }
        Chunks.writeParameterHeader(dst, p, TYPE, LENGTH);
        Chunks.put32(dst, p + 4, responseSeq);
        Chunks.put32(dst, p + 8, result);
        return LENGTH;
    }
}
