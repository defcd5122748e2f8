package dev.osprey.webrtc.stun;

import java.util.HexFormat;

/** Test vectors are printed as spaced hex. */
public final class Hex {
    private Hex() {
    }

    public static byte[] bytes(String spacedHex) {
        return HexFormat.of().parseHex(spacedHex.replaceAll("\\s+", ""));
    }
}
