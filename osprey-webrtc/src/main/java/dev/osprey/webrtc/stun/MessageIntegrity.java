package dev.osprey.webrtc.stun;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-SHA1 MESSAGE-INTEGRITY with a short-term credential (RFC 8489 §14.5, §9.1).
 *
 * <p>An instance holds only the key. The HMAC (RFC 2104) is computed on a per-thread JDK SHA-1
 * digest, which writes into our arrays and allocates nothing, with the padded key fed each time:
 * two more SHA-1 blocks per message than a keyed HMAC object would hash, but no 1.5 KB of kept
 * digest states per ICE agent, whose checks come seconds apart. Not thread-safe per instance (an
 * agent lives on one event loop); any number of threads may use different instances.
 */
public final class MessageIntegrity {
    /** Length of the HMAC-SHA1 value carried in the attribute. */
    public static final int HMAC_LENGTH = 20;
    private static final int BLOCK = 64;
    private static final byte IPAD = 0x36;
    private static final byte OPAD = 0x5c;

    /** Per thread: the digest and its scratch. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final byte[] key;

    /**
     * @param password the short-term password (the ICE pwd); ICE passwords are ASCII, so SASLprep
     *                 leaves them unchanged and their UTF-8 bytes are the key
     */
    public MessageIntegrity(String password) {
        this(password.getBytes(StandardCharsets.UTF_8));
    }

    public MessageIntegrity(byte[] key) {
        // RFC 2104: a key longer than the block is replaced by its hash.
        this.key = key.length > BLOCK ? SCRATCH.get().sha1.digest(key) : key.clone();
    }

    /**
     * Computes the HMAC of the message at {@code msgOff} whose MESSAGE-INTEGRITY attribute header
     * starts at {@code attrOff} and writes it into the attribute's value.
     */
    public void sign(byte[] buf, int msgOff, int attrOff) {
        byte[] digest = compute(buf, msgOff, attrOff);
        System.arraycopy(digest, 0, buf, attrOff + 4, HMAC_LENGTH);
    }

    /** True when the attribute at {@code attrOff} holds the HMAC of the message before it. */
    public boolean verify(byte[] buf, int msgOff, int attrOff) {
        byte[] digest = compute(buf, msgOff, attrOff);
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
    private byte[] compute(byte[] buf, int msgOff, int attrOff) {
        Scratch s = SCRATCH.get();
        int lengthUpToIntegrity = attrOff + 4 + HMAC_LENGTH - msgOff - StunMessage.HEADER_LENGTH;
        s.lengthField[0] = (byte) (lengthUpToIntegrity >>> 8);
        s.lengthField[1] = (byte) lengthUpToIntegrity;
        MessageDigest sha1 = s.sha1;
        sha1.update(s.pad(key, IPAD), 0, BLOCK);
        sha1.update(buf, msgOff, 2);
        sha1.update(s.lengthField, 0, 2);
        sha1.update(buf, msgOff + 4, attrOff - msgOff - 4);
        s.finish(s.inner);
        sha1.update(s.pad(key, OPAD), 0, BLOCK);
        sha1.update(s.inner, 0, HMAC_LENGTH);
        s.finish(s.digest);
        return s.digest;
    }

    private static final class Scratch {
        final MessageDigest sha1;
        final byte[] pad = new byte[BLOCK];
        final byte[] lengthField = new byte[2];
        final byte[] inner = new byte[HMAC_LENGTH];
        final byte[] digest = new byte[HMAC_LENGTH];

        Scratch() {
            try {
                sha1 = MessageDigest.getInstance("SHA-1");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-1", e);
            }
        }

        /** The key zero-padded to a block, XORed with {@code with}. */
        byte[] pad(byte[] key, byte with) {
            for (int i = 0; i < BLOCK; i++) {
                pad[i] = (byte) ((i < key.length ? key[i] : 0) ^ with);
            }
            return pad;
        }

        /** Writes the digest into {@code out} and resets it, without allocating. */
        void finish(byte[] out) {
            try {
                sha1.digest(out, 0, HMAC_LENGTH);
            } catch (DigestException e) {
                throw new IllegalStateException("a SHA-1 digest is 20 bytes", e);
            }
        }
    }
}
