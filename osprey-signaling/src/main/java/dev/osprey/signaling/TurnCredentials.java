package dev.osprey.signaling;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Time-limited TURN credentials of the "TURN REST API" scheme (draft-uberti-behave-turn-rest), which
 * coturn checks with {@code use-auth-secret} and {@code static-auth-secret}: the user name is
 * {@code <expiry in Unix seconds>:<id>} and the password is base64(HMAC-SHA1(secret, user name)). The
 * TURN server needs no list of users: it recomputes the password and refuses an expired user name.
 *
 * @param username   {@code expiry:id}
 * @param credential the password for {@code username}
 */
record TurnCredentials(String username, String credential) {

    private static final String HMAC_SHA1 = "HmacSHA1";

    /**
     * Credentials for {@code id} that expire {@code ttlSeconds} after {@code nowSeconds}.
     *
     * @param id anything without ':' that tells connections apart in the TURN server's logs
     */
    static TurnCredentials issue(String sharedSecret, long ttlSeconds, long nowSeconds, String id) {
        String username = (nowSeconds + ttlSeconds) + ":" + id;
        return new TurnCredentials(username, password(sharedSecret, username));
    }

    /** base64(HMAC-SHA1(secret, username)), as the TURN server computes it. */
    static String password(String sharedSecret, String username) {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA1);
            mac.init(new SecretKeySpec(sharedSecret.getBytes(StandardCharsets.UTF_8), HMAC_SHA1));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is unavailable", e); // every JDK has it
        }
    }

    /** Keeps the password out of logs. */
    @Override
    public String toString() {
        return "TurnCredentials[username=" + username + "]";
    }
}
