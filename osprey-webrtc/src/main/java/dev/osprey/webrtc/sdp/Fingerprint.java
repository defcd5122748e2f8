package dev.osprey.webrtc.sdp;

import java.util.HexFormat;
import java.util.Locale;

/** An a=fingerprint line: hash algorithm (e.g. {@code sha-256}) and colon-separated hex digest. */
public record Fingerprint(String algorithm, String hex) {

    private static final HexFormat COLON_HEX = HexFormat.ofDelimiter(":").withUpperCase();

    /** Builds the attribute from a raw digest, upper-case hex as browsers write it. */
    public static Fingerprint of(String algorithm, byte[] digest) {
        return new Fingerprint(algorithm.toLowerCase(Locale.ROOT), COLON_HEX.formatHex(digest));
    }

    /** The digest bytes. The parser guarantees the hex is well formed. */
    public byte[] digest() {
        return COLON_HEX.parseHex(hex.toUpperCase(Locale.ROOT));
    }

    /** Same algorithm (case-insensitive) and same digest bytes. */
    public boolean matches(String otherAlgorithm, byte[] otherDigest) {
        return algorithm.equalsIgnoreCase(otherAlgorithm) && java.util.Arrays.equals(digest(), otherDigest);
    }
}
