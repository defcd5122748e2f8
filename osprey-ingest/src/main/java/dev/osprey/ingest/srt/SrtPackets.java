package dev.osprey.ingest.srt;

import io.netty.buffer.ByteBuf;

/**
 * Layout of the SRT packet header (draft-sharabayko-srt section 3) and the constants of the control
 * packets this listener reads or writes. Every packet starts with four 32-bit words: the data/control
 * word, a type-specific word (message number for data), a timestamp in microseconds and the
 * destination socket id.
 */
final class SrtPackets {
    static final int HEADER_LENGTH = 16;

    static final int CONTROL_HANDSHAKE = 0;
    static final int CONTROL_KEEPALIVE = 1;
    static final int CONTROL_ACK = 2;
    static final int CONTROL_NAK = 3;
    static final int CONTROL_CONGESTION_WARNING = 4;
    static final int CONTROL_SHUTDOWN = 5;
    static final int CONTROL_ACKACK = 6;
    static final int CONTROL_DROPREQ = 7;
    static final int CONTROL_PEERERROR = 8;
    static final int CONTROL_USER = 0x7FFF;

    /** Sub-types of {@link #CONTROL_USER} (the HSv4 "extended messages"); key refreshes use KMREQ. */
    static final int EXT_KMREQ = 3;
    static final int EXT_KMRSP = 4;

    /** The encryption key flags of a data packet's second word. */
    static final int KEY_NONE = 0;
    static final int KEY_EVEN = 1;
    static final int KEY_ODD = 2;

    private SrtPackets() {
    }

    static boolean isControl(ByteBuf packet) {
        return packet.getByte(packet.readerIndex()) < 0;
    }

    static int word(ByteBuf packet, int index) {
        return packet.getInt(packet.readerIndex() + 4 * index);
    }

    static int controlType(ByteBuf packet) {
        return (word(packet, 0) >>> 16) & 0x7FFF;
    }

    static int controlSubtype(ByteBuf packet) {
        return word(packet, 0) & 0xFFFF;
    }

    static int sequenceNumber(ByteBuf packet) {
        return word(packet, 0) & SequenceNumbers.MAX;
    }

    static int encryptionKey(ByteBuf packet) {
        return (word(packet, 1) >>> 27) & 3;
    }

    static boolean retransmitted(ByteBuf packet) {
        return (word(packet, 1) & (1 << 26)) != 0;
    }

    static int timestamp(ByteBuf packet) {
        return word(packet, 2);
    }

    static int destinationSocketId(ByteBuf packet) {
        return word(packet, 3);
    }

    /** Writes a control packet header. */
    static void writeControlHeader(ByteBuf out, int type, int subtype, int typeSpecific, int timestamp,
                                   int destinationSocketId) {
        out.writeInt(0x8000_0000 | (type << 16) | (subtype & 0xFFFF));
        out.writeInt(typeSpecific);
        out.writeInt(timestamp);
        out.writeInt(destinationSocketId);
    }
}
