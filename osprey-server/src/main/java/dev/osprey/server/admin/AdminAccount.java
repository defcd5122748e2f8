package dev.osprey.server.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The console administrator. The e-mail is compared without regard to case or surrounding blanks,
 * like Ant Media's user names.
 *
 * @param email    the login name (Ant Media logs in with an e-mail; any text will do)
 * @param password the password's hash, never the password
 */
public record AdminAccount(String email, PasswordHash password) {

    /** The login name given to the account generated at first start. */
    public static final String DEFAULT_EMAIL = "admin";
    static final int MAX_EMAIL_CHARS = 254;

    public AdminAccount {
        email = normalise(email);
        if (email.isEmpty() || email.length() > MAX_EMAIL_CHARS) {
            throw new IllegalArgumentException("the e-mail must have 1-" + MAX_EMAIL_CHARS + " characters");
        }
    }

    /**
     * True when both match. Always hashes the password, and compares digests of the e-mails, so that
     * the time taken tells nothing about which part was wrong.
     */
    boolean accepts(String givenEmail, String givenPassword) {
        boolean emailMatches = MessageDigest.isEqual(sha256(email), sha256(normalise(givenEmail)));
        boolean passwordMatches = password.matches(givenPassword);
        return emailMatches & passwordMatches;
    }

    static String normalise(String email) {
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
