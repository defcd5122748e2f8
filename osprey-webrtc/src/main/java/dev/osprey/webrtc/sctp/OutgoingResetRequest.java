package dev.osprey.webrtc.sctp;

/**
 * The Outgoing SSN Reset Request parameter of RE-CONFIG (RFC 6525 4.1): the sender resets the listed outgoing
 * streams once every TSN up to its last assigned one has arrived; their sequence numbers start again at 0.
 * Closing a data channel sends one (RFC 8831 6.7).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Parameter Type = 13       | Parameter Length = 16 + 2 * N |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Re-configuration Request Sequence Number            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Re-configuration Response Sequence Number           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                Sender's Last Assigned TSN                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Stream Number 1 (optional)   |    Stream Number 2 (optional) |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * /                            ......                             /
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Stream Number N-1 (optional) |    Stream Number N (optional) |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class OutgoingResetRequest {
    static final int TYPE = 13;
    static final int MIN_LENGTH = 16;

    private OutgoingResetRequest() {
    }

    /** {@code plen}: the length of a parameter of this type whose framing the caller checked. */
    static boolean isValid(int plen) {
        return plen >= MIN_LENGTH;
    }

    static int requestSequenceNumber(byte[] buf, int p) {
        return Chunks.i32(buf, p + 4);
    }

    static int lastAssignedTsn(byte[] buf, int p) {
        return Chunks.i32(buf, p + 12);
    }

    static int streamCount(int plen) {
        return (plen - MIN_LENGTH) / 2;
    }

    static int streamId(byte[] buf, int p, int index) {
        return Chunks.u16(buf, p + MIN_LENGTH + 2 * index);
    }

    /** Bytes {@link #write} takes for {@code count} streams, padding included. */
    static int paddedLength(int count) {
        return Chunks.padded(MIN_LENGTH + 2 * count);
    }

    /** Writes the parameter and its padding; returns {@link #paddedLength}, or -1 when it does not fit. */
    static int write(byte[] dst, int p, int requestSeq, int responseSeq, int lastAssignedTsn, int[] streamIds) {
        int padded = paddedLength(streamIds.length);
        if (!Chunks.inBounds(dst, p, padded)) {
            return -1;
        }
        Chunks.writeParameterHeader(dst, p, TYPE, MIN_LENGTH + 2 * streamIds.length);
        Chunks.put32(dst, p + 4, requestSeq);
        Chunks.put32(dst, p + 8, responseSeq);
        Chunks.put32(dst, p + 12, lastAssignedTsn);
        int q = p + MIN_LENGTH;
        for (int id : streamIds) {
            Chunks.put16(dst, q, id);
            q += 2;
        }
        if (q < p + padded) {
            Chunks.put16(dst, q, 0);
        }
        return padded;
    }
}
