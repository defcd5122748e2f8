package dev.osprey.signaling.protocol;

import java.security.SecureRandom;

/**
 * Ant Media's stream-id rule ({@code [A-Za-z0-9_.-]+}), capped at the length the server's data store
 * keeps, and generation of fresh ids. Signalling and the REST API share these limits, so that every
 * stream a client can publish has its broadcast row and its webhooks.
 */
public final class StreamIds {

    /** Longest stream or room id: the store's key columns are {@code VARCHAR(255)}. */
    public static final int MAX_LENGTH = 255;
    /** Longest stream name (free text): the store's name column is {@code VARCHAR(1000)}. */
    public static final int MAX_NAME_LENGTH = 1000;

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int GENERATED_LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private StreamIds() {
    }

    /**
     * True when {@code id} has 1 to {@value #MAX_LENGTH} characters, only letters, digits, '_', '.'
     * and '-'.
     */
    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
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
