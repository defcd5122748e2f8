package dev.osprey.ingest.srt;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The fixed part of a handshake control packet (the 48-byte handshake CIF, draft-sharabayko-srt
 * section 3.2.1), read from or written after the 16-byte header.
 *
 * @param encryptionField the advertised key length / 8 (0: none)
 * @param extensionField  the HSv5 extension flags, {@link #SRT_MAGIC} in a listener's induction
 *                        response, or the UDT socket type (2) in a caller's induction
 * @param type            {@link #INDUCTION}, {@link #CONCLUSION}, or 1000 + a reject reason
 */
record Handshake(int version, int encryptionField, int extensionField, int initialSequence, int mtu,
                 int flowWindow, int type, int socketId, int cookie) {
    static final int LENGTH = 48;
    static final int INDUCTION = 1;
    static final int CONCLUSION = -1;
    static final int SRT_MAGIC = 0x4A17;
    static final int UDT_DGRAM = 2;

    static final int EXT_HSREQ = 1;
    static final int EXT_KMREQ = 2;
    static final int EXT_CONFIG = 4;

    /** Reads the CIF at the reader index; the caller checked that {@link #LENGTH} bytes are there. */
    static Handshake read(ByteBuf in) {
        int i = in.readerIndex();
        int types = in.getInt(i + 4);
        return new Handshake(in.getInt(i), types >>> 16, types & 0xFFFF, in.getInt(i + 8), in.getInt(i + 12),
                in.getInt(i + 16), in.getInt(i + 20), in.getInt(i + 24), in.getInt(i + 28));
    }

    /** Writes the CIF, with the peer's address as libsrt puts it (each 32-bit word in host order). */
    void write(ByteBuf out, InetSocketAddress peer) {
        out.writeInt(version);
        out.writeInt((encryptionField << 16) | (extensionField & 0xFFFF));
        out.writeInt(initialSequence);
        out.writeInt(mtu);
        out.writeInt(flowWindow);
        out.writeInt(type);
        out.writeInt(socketId);
        out.writeInt(cookie);
        byte[] address = peer == null ? new byte[4] : addressBytes(peer.getAddress());
        byte[] words = new byte[16];
        for (int w = 0; w < address.length / 4; w++) {
            for (int b = 0; b < 4; b++) {
                words[4 * w + b] = address[4 * w + 3 - b];
            }
        }
        out.writeBytes(words);
    }

    private static byte[] addressBytes(InetAddress address) {
        return address == null ? new byte[4] : address.getAddress();
    }

    /** A listener's rejection of this caller's handshake, with the given reason code. */
    Handshake rejection(int reason, int listenerSocketId) {
        return new Handshake(version, 0, 0, initialSequence, mtu, flowWindow,
                RejectReason.FAILURE_TYPES + reason, listenerSocketId, cookie);
    }
}
