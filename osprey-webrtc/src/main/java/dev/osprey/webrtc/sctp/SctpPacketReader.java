package dev.osprey.webrtc.sctp;

/**
 * A zero-allocation view of one inbound SCTP packet: the common header (RFC 9260 3.1) and the bounds of each
 * chunk. {@link #wrap} checks the framing only (every chunk length inside the packet); chunk contents are checked
 * by the chunk classes.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Source Port Number        |     Destination Port Number   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Verification Tag                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           Checksum                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                                                               \
 * /                     Chunk #1 ... Chunk #n                     /
 * \                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class SctpPacketReader {
    /** More chunks than this in one packet is not something a real peer sends; such packets are dropped. */
    static final int MAX_CHUNKS = 128;
    private final int[] offsets = new int[MAX_CHUNKS];
    private int count;
    private byte[] buf;
    private int off;

    boolean wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        count = 0;
        if (len < Chunks.COMMON_HEADER + 4) {
            return false;
        }
        int p = off + Chunks.COMMON_HEADER;
        int end = off + len;
        while (p < end) {
            if (end - p < 4 || count == MAX_CHUNKS) {
                return false;
            }
            int chunkLength = Chunks.u16(buf, p + 2);
            if (chunkLength < 4 || chunkLength > end - p) {
                return false;
            }
            offsets[count++] = p;
            p += Chunks.padded(chunkLength);
        }
        return true;
    }

    byte[] buffer() {
        return buf;
    }

    int sourcePort() {
        return Chunks.u16(buf, off);
    }

    int destinationPort() {
        return Chunks.u16(buf, off + 2);
    }

    int verificationTag() {
        return Chunks.i32(buf, off + 4);
    }

    int chunkCount() {
        return count;
    }

    int chunkType(int i) {
        return buf[offsets[i]] & 0xFF;
    }

    int chunkFlags(int i) {
        return buf[offsets[i] + 1] & 0xFF;
    }

    /** Chunk length from its header, including the 4-byte chunk header, excluding padding. */
    int chunkLength(int i) {
        return Chunks.u16(buf, offsets[i] + 2);
    }

    /** Offset of the chunk (its type byte), as the chunk classes take it. */
    int chunkOffset(int i) {
        return offsets[i];
    }
}
