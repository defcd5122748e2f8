package dev.osprey.webrtc.stun;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA1 MESSAGE-INTEGRITY with a short-term credential (RFC 8489 §14.5, §9.1).
 *
 * <p>The {@link Mac} is initialised once with the password, so signing and verifying on the steady
 * state allocate nothing. Not thread-safe: one instance per agent (an agent lives on one event loop).
 */
public final class MessageIntegrity {
    /** Length of the HMAC-SHA1 value carried in the attribute. */
    public static final int HMAC_LENGTH = 20;

    private final Mac mac;
    private final byte[] lengthField = new byte[2];
    private final byte[] digest = new byte[HMAC_LENGTH];

    /**
     * @param password the short-term password (the ICE pwd); ICE passwords are ASCII, so SASLprep
     *                 leaves them unchanged and their UTF-8 bytes are the key
     */
    public MessageIntegrity(String password) {
        this(password.getBytes(StandardCharsets.UTF_8));
    }

    public MessageIntegrity(byte[] key) {
        try {
            mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA1"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is required by every Java platform", e);
        }
    }

    /**
     * Computes the HMAC of the message at {@code msgOff} whose MESSAGE-INTEGRITY attribute header
     * starts at {@code attrOff} and writes it into the attribute's value.
     */
    public void sign(byte[] buf, int msgOff, int attrOff) {
        compute(buf, msgOff, attrOff);
        System.arraycopy(digest, 0, buf, attrOff + 4, HMAC_LENGTH);
    }

    /** True when the attribute at {@code attrOff} holds the HMAC of the message before it. */
    public boolean verify(byte[] buf, int msgOff, int attrOff) {
        compute(buf, msgOff, attrOff);
        int diff = 0;
        for (int i = 0; i < HMAC_LENGTH; i++) {
            diff |= digest[i] ^ buf[attrOff + 4 + i];
        }
        return diff == 0;
    }

    /**
     * The HMAC covers the message up to the attribute, with the header's length field rewritten to
     * end just after MESSAGE-INTEGRITY (so a FINGERPRINT that follows does not change it). The input
     * buffer is not modified: the rewritten length is fed from a scratch field.
     */
    private void compute(byte[] buf, int msgOff, int attrOff) {
        int lengthUpToIntegrity = attrOff + 4 + HMAC_LENGTH - msgOff - StunMessage.HEADER_LENGTH;
        lengthField[0] = (byte) (lengthUpToIntegrity >>> 8);
        lengthField[1] = (byte) lengthUpToIntegrity;
        mac.update(buf, msgOff, 2);
        mac.update(lengthField, 0, 2);
        mac.update(buf, msgOff + 4, attrOff - msgOff - 4);
        try {
            mac.doFinal(digest, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("digest buffer holds a full HMAC-SHA1", e);
        }
    }
}
