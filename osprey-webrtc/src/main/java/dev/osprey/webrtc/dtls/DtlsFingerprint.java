package dev.osprey.webrtc.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;

/**
 * A certificate fingerprint as carried in SDP ({@code a=fingerprint:sha-256 AB:CD:...}, RFC 8122).
 * Immutable; {@link #matches(byte[])} compares in constant time.
 */
public final class DtlsFingerprint {
    private final String algorithm;
    private final byte[] digest;

    private DtlsFingerprint(String algorithm, byte[] digest) {
        this.algorithm = algorithm;
        this.digest = digest;
    }

    /** SHA-256 fingerprint of a DER-encoded certificate. */
    public static DtlsFingerprint sha256(byte[] derCertificate) {
        return new DtlsFingerprint("sha-256", hash("sha-256", derCertificate));
    }

    /**
     * Parses the value of an SDP fingerprint attribute, e.g. {@code "sha-256 AB:CD:..."}.
     * The hash name is case-insensitive; hex digits may be upper or lower case.
     *
     * @throws InvalidFingerprintException if the value is malformed or the hash is unknown
     */
    public static DtlsFingerprint parse(String sdpValue) {
        if (sdpValue == null) {
            throw new InvalidFingerprintException("fingerprint is missing");
        }
        String trimmed = sdpValue.strip();
        int space = trimmed.indexOf(' ');
        if (space <= 0) {
            throw new InvalidFingerprintException("fingerprint needs '<hash> <hex>': " + abbreviate(trimmed));
        }
        String algorithm = trimmed.substring(0, space).toLowerCase(Locale.ROOT);
        int expectedLength = digestLength(algorithm);
        if (expectedLength < 0) {
            throw new InvalidFingerprintException("unsupported fingerprint hash: " + abbreviate(algorithm));
        }
        String hex = trimmed.substring(space + 1).strip();
        // Each byte is two hex digits, separated by ':' (RFC 8122 section 5).
        if (hex.length() != expectedLength * 3 - 1) {
            throw new InvalidFingerprintException(
                    algorithm + " fingerprint must have " + expectedLength + " colon-separated bytes");
        }
        byte[] digest = new byte[expectedLength];
        for (int i = 0; i < expectedLength; i++) {
            int pos = i * 3;
            if (i > 0 && hex.charAt(pos - 1) != ':') {
                throw new InvalidFingerprintException("fingerprint bytes must be separated by ':'");
            }
            int high = Character.digit(hex.charAt(pos), 16);
            int low = Character.digit(hex.charAt(pos + 1), 16);
            if (high < 0 || low < 0) {
                throw new InvalidFingerprintException("fingerprint has a non-hex digit");
            }
            digest[i] = (byte) (high << 4 | low);
        }
        return new DtlsFingerprint(algorithm, digest);
    }

    /** The hash name as written in SDP, lower case (e.g. {@code sha-256}). */
    public String algorithm() {
        return algorithm;
    }

    public byte[] digest() {
        return digest.clone();
    }

    /** True if the DER-encoded certificate hashes to this fingerprint (constant-time comparison). */
    public boolean matches(byte[] derCertificate) {
        return MessageDigest.isEqual(digest, hash(algorithm, derCertificate));
    }

    /** The SDP attribute value: {@code sha-256 AB:CD:...} with upper-case hex. */
    public String toSdpValue() {
        StringBuilder sb = new StringBuilder(algorithm.length() + 1 + digest.length * 3);
        sb.append(algorithm).append(' ');
        for (int i = 0; i < digest.length; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(Character.toUpperCase(Character.forDigit((digest[i] >> 4) & 0xF, 16)));
            sb.append(Character.toUpperCase(Character.forDigit(digest[i] & 0xF, 16)));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DtlsFingerprint other
                && algorithm.equals(other.algorithm)
                && Arrays.equals(digest, other.digest);
    }

    @Override
    public int hashCode() {
        return 31 * algorithm.hashCode() + Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return toSdpValue();
    }

    private static int digestLength(String sdpAlgorithm) {
        return switch (sdpAlgorithm) {
            case "sha-1" -> 20;
            case "sha-224" -> 28;
            case "sha-256" -> 32;
            case "sha-384" -> 48;
            case "sha-512" -> 64;
            default -> -1;
        };
    }

    private static byte[] hash(String sdpAlgorithm, byte[] data) {
        // The SDP names map onto JCA names by dropping nothing but case: "sha-256" -> "SHA-256".
        try {
            return MessageDigest.getInstance(sdpAlgorithm.toUpperCase(Locale.ROOT)).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + sdpAlgorithm, e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
