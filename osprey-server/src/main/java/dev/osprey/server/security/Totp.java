package dev.osprey.server.security;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/** RFC 6238 time-based one-time passwords: HMAC-SHA1, six digits, a period in seconds. */
public final class Totp {

    static final int DIGITS = 6;
    private static final int MODULUS = 1_000_000;

    private Totp() {
    }

    /** The code for the time step that holds {@code epochSeconds}. */
    public static String code(byte[] key, long epochSeconds, int periodSeconds) {
        return codeForStep(key, Math.floorDiv(epochSeconds, Math.max(1, periodSeconds)));
    }

    /**
     * True when {@code code} is the code of the current step or of the one before (a code typed or
     * sent just as the step turned). Compared in constant time.
     */
    public static boolean verify(byte[] key, String code, long epochSeconds, int periodSeconds) {
        if (code == null || code.length() != DIGITS) {
            return false;
        }
        long step = Math.floorDiv(epochSeconds, Math.max(1, periodSeconds));
        byte[] given = code.getBytes(StandardCharsets.US_ASCII);
        boolean current = MessageDigest.isEqual(given, codeForStep(key, step).getBytes(StandardCharsets.US_ASCII));
        boolean previous = MessageDigest.isEqual(given, codeForStep(key, step - 1).getBytes(StandardCharsets.US_ASCII));
        return current | previous;
    }

    private static String codeForStep(byte[] key, long step) {
        byte[] counter = new byte[8];
        for (int i = 7; i >= 0; i--) {
            counter[i] = (byte) step;
            step >>>= 8;
        }
        byte[] hash;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA1"));
            hash = mac.doFinal(counter);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
        String digits = Integer.toString(binary % MODULUS);
        return "0".repeat(DIGITS - digits.length()) + digits;
    }
}
