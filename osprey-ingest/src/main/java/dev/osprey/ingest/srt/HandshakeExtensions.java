package dev.osprey.ingest.srt;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The extension blocks after an HSv5 conclusion's CIF: each a 16-bit command, a 16-bit length in
 * 32-bit words, then that many words. Strings (stream id, congestion controller) are padded with
 * NULs to whole words and each word is byte-reversed, as libsrt writes them.
 */
final class HandshakeExtensions {
    static final int HSREQ = 1;
    static final int HSRSP = 2;
    static final int KMREQ = 3;
    static final int KMRSP = 4;
    static final int SID = 5;
    static final int CONGESTION = 6;
    static final int FILTER = 7;
    static final int GROUP = 8;

    static final int MAX_STREAM_ID_LENGTH = 512;
    private static final int MAX_BLOCKS = 16;

    /** SRT flags of HSREQ/HSRSP. */
    static final int FLAG_TSBPD_SEND = 0x01;
    static final int FLAG_TSBPD_RECEIVE = 0x02;
    static final int FLAG_HAICRYPT = 0x04;
    static final int FLAG_TOO_LATE_PACKET_DROP = 0x08;
    static final int FLAG_NAK_REPORT = 0x10;
    static final int FLAG_REXMIT = 0x20;
    static final int FLAG_STREAM = 0x40;

    boolean hasHsreq;
    int srtVersion;
    int srtFlags;
    /** The latency the caller wants for what it receives, in ms. */
    int callerReceiveLatency;
    /** The least latency the caller wants us to apply to what it sends, in ms. */
    int callerSendLatency;
    String streamId = "";
    byte[] keyMaterial;
    String congestion;
    boolean hasFilter;
    boolean hasGroup;

    /**
     * Reads the blocks between the reader and writer index.
     *
     * @throws IllegalArgumentException when a block is truncated, repeated beyond reason or malformed
     */
    static HandshakeExtensions read(ByteBuf in) {
        HandshakeExtensions e = new HandshakeExtensions();
        int blocks = 0;
        while (in.readableBytes() >= 4) {
            if (++blocks > MAX_BLOCKS) {
                throw new IllegalArgumentException("too many extension blocks");
            }
            int command = in.readUnsignedShort();
            int length = in.readUnsignedShort() * 4;
            if (length > in.readableBytes()) {
                throw new IllegalArgumentException("extension " + command + " truncated");
            }
            ByteBuf block = in.readSlice(length);
            switch (command) {
                case HSREQ -> {
                    if (length < 12) {
                        throw new IllegalArgumentException("HSREQ of " + length + " bytes");
                    }
                    e.hasHsreq = true;
                    e.srtVersion = block.readInt();
                    e.srtFlags = block.readInt();
                    e.callerReceiveLatency = block.readUnsignedShort();
                    e.callerSendLatency = block.readUnsignedShort();
                }
                case SID -> {
                    if (length > MAX_STREAM_ID_LENGTH) {
                        throw new IllegalArgumentException("stream id of " + length + " bytes");
                    }
                    e.streamId = readString(block);
                }
                case KMREQ -> {
                    byte[] km = new byte[length];
                    block.readBytes(km);
                    e.keyMaterial = km;
                }
                case CONGESTION -> {
                    if (length > 64) {
                        throw new IllegalArgumentException("congestion controller name of " + length + " bytes");
                    }
                    e.congestion = readString(block);
                }
                case FILTER -> e.hasFilter = true;
                case GROUP -> e.hasGroup = true;
                default -> {
                    // other blocks carry nothing a live receiver needs
                }
            }
        }
        return e;
    }

    static String readString(ByteBuf block) {
        byte[] bytes = new byte[block.readableBytes()];
        for (int w = 0; w + 4 <= bytes.length; w += 4) {
            int word = block.readInt();
            bytes[w] = (byte) word;
            bytes[w + 1] = (byte) (word >>> 8);
            bytes[w + 2] = (byte) (word >>> 16);
            bytes[w + 3] = (byte) (word >>> 24);
        }
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** Writes {@code s} as a string block's content (for tests and the caller side of a test peer). */
    static void writeString(ByteBuf out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        int padded = (bytes.length + 3) & ~3;
        for (int w = 0; w < padded; w += 4) {
            int word = 0;
            for (int b = 3; b >= 0; b--) {
                word = (word << 8) | (w + b < bytes.length ? bytes[w + b] & 0xFF : 0);
            }
            out.writeInt(word);
        }
    }
}
