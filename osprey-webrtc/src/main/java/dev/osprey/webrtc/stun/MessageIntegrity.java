package dev.osprey.webrtc.stun;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * HMAC-SHA1 MESSAGE-INTEGRITY with a short-term credential (RFC 8489 §14.5, §9.1).
 *
 * <p>The HMAC is keyed once with the password. BouncyCastle's lightweight {@link HMac} is used
 * rather than a JCE {@code Mac} because it writes the digest into our array: the JCE {@code doFinal}
 * allocates a fresh array per call, while this path allocates nothing per check at the same speed.
 * Not thread-safe: one instance per agent (an agent lives on one event loop).
 */
public final class MessageIntegrity {
    /** Length of the HMAC-SHA1 value carried in the attribute. */
    public static final int HMAC_LENGTH = 20;

    private final HMac mac;
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
        mac = new HMac(new SHA1Digest());
        mac.init(new KeyParameter(key));
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
        mac.doFinal(digest, 0);
    }
}
