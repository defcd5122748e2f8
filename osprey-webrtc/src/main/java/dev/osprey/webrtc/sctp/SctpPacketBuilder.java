package dev.osprey.webrtc.sctp;

/** Builds outgoing packets in one reused buffer: common header, then bundled chunks, then the checksum. */
final class SctpPacketBuilder {
    final byte[] buf;
    private final int maxLength;
    int pos;
    private int chunkStart;

    SctpPacketBuilder(int maxLength) {
        this.maxLength = maxLength;
        this.buf = new byte[maxLength];
    }

    void begin(int sourcePort, int destinationPort, int verificationTag) {
        Chunks.put16(buf, 0, sourcePort);
        Chunks.put16(buf, 2, destinationPort);
        Chunks.put32(buf, 4, verificationTag);
        Chunks.put32(buf, 8, 0);
        pos = Chunks.COMMON_HEADER;
    }

    boolean isEmpty() {
        return pos == Chunks.COMMON_HEADER;
    }

    int remaining() {
        return maxLength - pos;
    }

    void beginChunk(int type, int flags) {
        chunkStart = pos;
        buf[pos] = (byte) type;
        buf[pos + 1] = (byte) flags;
        pos += 4;
    }

    void endChunk() {
        Chunks.put16(buf, chunkStart + 2, pos - chunkStart);
        while ((pos & 3) != 0) {
            buf[pos++] = 0;
        }
    }

    void put8(int v) {
        buf[pos++] = (byte) v;
    }

    void put16(int v) {
        Chunks.put16(buf, pos, v);
        pos += 2;
    }

    void put32(int v) {
        Chunks.put32(buf, pos, v);
        pos += 4;
    }

    void put(byte[] src, int off, int len) {
        System.arraycopy(src, off, buf, pos, len);
        pos += len;
    }

    /** Writes the checksum (or zero, RFC 9653) and returns the packet length. */
    int finish(SctpChecksum checksum, boolean zeroChecksum) {
        SctpChecksum.store(buf, 0, zeroChecksum ? 0 : checksum.compute(buf, 0, pos));
        return pos;
    }
}
