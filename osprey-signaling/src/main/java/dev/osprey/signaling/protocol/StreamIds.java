package dev.osprey.signaling.protocol;

import java.security.SecureRandom;

/** Ant Media's stream-id rule ({@code [A-Za-z0-9_.-]+}) and generation of fresh ids. */
public final class StreamIds {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int GENERATED_LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private StreamIds() {
    }

    /** True when {@code id} is non-empty and uses only letters, digits, '_', '.' and '-'. */
    public static boolean isValid(String id) {
        if (id == null || id.isEmpty()) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A random 16-character alphanumeric id (95 bits), valid under {@link #isValid}. */
    public static String generate() {
        char[] out = new char[GENERATED_LENGTH];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return new String(out);
    }
}
