package dev.osprey.webrtc.rtp;

import java.util.HexFormat;

/** Test helper for every package: hand-written packets and test vectors as hex, packets in larger buffers. */
public final class Hex {
    private Hex() {
    }

    public static byte[] bytes(String spacedHex) {
        return HexFormat.of().parseHex(spacedHex.replaceAll("\\s+", ""));
    }

    public static String of(byte[] b, int off, int len) {
        return HexFormat.ofDelimiter(" ").formatHex(b, off, off + len);
    }

    /** {@code packet} copied into a larger buffer at {@code off}, with 0x5A filler around it. */
    public static byte[] at(int off, byte[] packet, int slack) {
        byte[] b = new byte[off + packet.length + slack];
        java.util.Arrays.fill(b, (byte) 0x5A);
        System.arraycopy(packet, 0, b, off, packet.length);
        return b;
    }
}
