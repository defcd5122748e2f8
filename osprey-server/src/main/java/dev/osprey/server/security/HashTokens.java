package dev.osprey.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Ant Media's hash tokens: {@code hex(sha256(streamId + role + tokenHashSecret))}, role {@code publish} or {@code play}. */
public final class HashTokens {

    private HashTokens() {
    }

    public static String token(String streamId, String role, String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((streamId + role + secret).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Constant-time check of a presented token; a missing secret never validates. */
    public static boolean isValid(String presented, String streamId, String role, String secret) {
        if (presented == null || secret == null || secret.isEmpty()) {
            return false;
        }
        byte[] expected = token(streamId, role, secret).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, presented.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    }
}
