package dev.osprey.webrtc.sctp;

/**
 * Builds outgoing packets in one reused buffer and hands them to the sink: the common header, then the chunks the
 * chunk classes write at {@link #position()} (each taken with {@link #advance}), then the checksum. A chunk that
 * does not fit after the ones already there goes into the next packet ({@link #ensureRoom}).
 */
final class SctpPacketBuilder {
    private final byte[] buf;
    private final int sourcePort;
    private final int destinationPort;
    private final SctpChecksum checksum;
    private final SctpPacketSink sink;
    private int pos;
    private int verificationTag;
    private boolean zeroChecksum;
    private long packetsSent;

    SctpPacketBuilder(int maxLength, int sourcePort, int destinationPort, SctpChecksum checksum, SctpPacketSink sink) {
        this.buf = new byte[maxLength];
        this.sourcePort = sourcePort;
        this.destinationPort = destinationPort;
        this.checksum = checksum;
        this.sink = sink;
    }

    /**
     * Starts a packet, dropping anything written since the last {@link #send}. Packets that {@link #ensureRoom}
     * starts get the same tag and checksum choice.
     *
     * @param zeroChecksum send a zero checksum (RFC 9653) instead of CRC32c
     */
    void begin(int verificationTag, boolean zeroChecksum) {
        this.verificationTag = verificationTag;
        this.zeroChecksum = zeroChecksum;
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
        return buf.length - pos;
    }

    /** Sends the packet so far and begins the next one if a chunk of {@code bytes} would not fit after it. */
    void ensureRoom(int bytes) {
        if (remaining() < bytes && !isEmpty()) {
            send();
            begin(verificationTag, zeroChecksum);
        }
    }

    /** The buffer chunk writers write into, at {@link #position()}. */
    byte[] buffer() {
        return buf;
    }

    int position() {
        return pos;
    }

    /**
     * Takes the chunk just written at {@link #position()}, as long as its writer returned, and pads it to a
     * multiple of 4. A writer's -1 (the chunk did not fit) is a bug here: callers make room first.
     */
    void advance(int chunkLength) {
        if (chunkLength < 0) {
            throw new IllegalStateException("chunk did not fit in the packet");
        }
        pos += chunkLength;
        while ((pos & 3) != 0) {
            buf[pos++] = 0;
        }
    }

    /** Writes the checksum and hands the packet to the sink. */
    void send() {
        SctpChecksum.store(buf, 0, zeroChecksum ? 0 : checksum.compute(buf, 0, pos));
        packetsSent++;
        sink.sendPacket(buf, 0, pos);
    }

    long packetsSent() {
        return packetsSent;
    }
}
