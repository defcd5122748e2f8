package dev.osprey.webrtc.srtp;

import java.util.HexFormat;

final class Hex {
    private Hex() {
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s", "").toLowerCase());
    }

    /** {@code content} copied into a buffer with room for any trailer. */
    static byte[] withSpare(byte[] content) {
        byte[] buf = new byte[content.length + SrtpProfile.MAX_TRAILER];
        System.arraycopy(content, 0, buf, 0, content.length);
        return buf;
    }
}
