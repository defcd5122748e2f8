package dev.osprey.webrtc.ice;

import java.security.SecureRandom;

/**
 * An ICE username fragment and password (RFC 8445 §5.3, RFC 8839 §5.4).
 *
 * <p>ice-char is ALPHA / DIGIT / "+" / "/"; the ufrag has 4 to 256 characters and the password 22 to
 * 256. Randomly generated credentials carry at least 24 and 128 bits of randomness respectively.
 */
public record IceCredentials(String ufrag, String password) {
    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** 8 ice-chars = 48 random bits, a comfortable margin over the required 24. */
    static final int GENERATED_UFRAG_LENGTH = 8;
    /** 24 ice-chars = 144 random bits, over the required 128. */
    static final int GENERATED_PASSWORD_LENGTH = 24;

    public IceCredentials {
        if (!isIceString(ufrag, 4)) {
            throw new IllegalArgumentException("ICE ufrag must be 4..256 ice-chars: " + ufrag);
        }
        if (!isIceString(password, 22)) {
            throw new IllegalArgumentException("ICE password must be 22..256 ice-chars");
        }
    }

    /** Fresh random credentials for a local agent. */
    public static IceCredentials random() {
        return new IceCredentials(randomIceString(GENERATED_UFRAG_LENGTH), randomIceString(GENERATED_PASSWORD_LENGTH));
    }

    /** True when {@code s} has {@code minLength}..256 characters, all ice-chars. */
    public static boolean isIceString(String s, int minLength) {
        if (s == null || s.length() < minLength || s.length() > 256) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (ICE_CHARS.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static String randomIceString(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ICE_CHARS.charAt(RANDOM.nextInt(ICE_CHARS.length()));
        }
        return new String(out);
    }

    @Override
    public String toString() {
        return "IceCredentials[ufrag=" + ufrag + "]"; // never print the password
    }
}
