package dev.osprey.webrtc.sctp;

import java.nio.charset.StandardCharsets;

/**
 * ABORT (RFC 9260 3.3.7): ends the association at once. T set means the verification tag is the sender's own
 * (reflected) rather than the receiver's. Zero or more error causes (3.3.10) follow; the ones written here carry
 * a short text, which 3.3.10.12 allows for "User-Initiated Abort" and 3.3.10.13 for "Protocol Violation".
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 6    |  Reserved   |T|            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                                                               \
 * /                   zero or more Error Causes                   /
 * \                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * An error cause:
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Cause Code           |         Cause Length          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * /                   Cause-Specific Information                  /
 * \                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class AbortChunk {
    static final int CAUSE_USER_INITIATED_ABORT = 12;
    static final int CAUSE_PROTOCOL_VIOLATION = 13;
    /** Longest reason text sent. */
    static final int MAX_TEXT = 128;
    /** Longest reason text read back (it only goes into a log line or {@link SctpListener#onClosed}). */
    private static final int MAX_TEXT_READ = 200;

    private AbortChunk() {
    }

    /**
     * The first error cause as text, for the close event: its code, plus its text for the two causes that carry
     * one. Not for a hot path: it allocates.
     */
    static String reason(byte[] buf, int off, int len) {
        int p = off + Chunks.HEADER;
        int end = off + len;
        if (end - p < Chunks.HEADER) {
            return "no cause";
        }
        int code = Chunks.u16(buf, p);
        int causeLength = Math.min(Chunks.u16(buf, p + 2), end - p);
        if (causeLength > Chunks.HEADER && (code == CAUSE_USER_INITIATED_ABORT || code == CAUSE_PROTOCOL_VIOLATION)) {
            int textLength = Math.min(causeLength - Chunks.HEADER, MAX_TEXT_READ);
            return "cause " + code + ": " + new String(buf, p + Chunks.HEADER, textLength, StandardCharsets.UTF_8);
        }
        return "cause " + code;
    }

    /**
     * Writes an ABORT (T clear) with one error cause carrying the first {@code textLength} bytes of {@code text}
     * (at most {@link #MAX_TEXT}); returns its length, padding of the cause included, or -1 when it does not fit.
     */
    static int write(byte[] dst, int off, int cause, byte[] text, int textLength) {
        int causeLength = Chunks.HEADER + textLength;
        int length = Chunks.HEADER + Chunks.padded(causeLength);
        if (textLength > MAX_TEXT || !Chunks.inBounds(dst, off, length)) {
            return -1;
        }
        Chunks.writeHeader(dst, off, Chunks.ABORT, 0, length);
        Chunks.put16(dst, off + 4, cause);
        Chunks.put16(dst, off + 6, causeLength);
        System.arraycopy(text, 0, dst, off + 8, textLength);
        for (int k = off + Chunks.HEADER + causeLength; k < off + length; k++) {
            dst[k] = 0;
        }
        return length;
    }
}
