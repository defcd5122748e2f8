package dev.osprey.webrtc.srtp;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-SHA1 (RFC 2104) over a reused {@link MessageDigest}. {@code javax.crypto.Mac} would do the
 * same work but returns a fresh array from every {@code doFinal}; this writes into a reused one.
 */
final class HmacSha1 {
    static final int DIGEST_LENGTH = 20;
    private static final int BLOCK_LENGTH = 64;

    private final MessageDigest sha1;
    private final byte[] innerPad = new byte[BLOCK_LENGTH];
    private final byte[] outerPad = new byte[BLOCK_LENGTH];
    private final byte[] digest = new byte[DIGEST_LENGTH];

    HmacSha1(byte[] key) {
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
        // SRTP auth keys are 20 bytes; longer keys would first be hashed, which never happens here
        if (key.length > BLOCK_LENGTH) {
            throw new IllegalArgumentException("HMAC key longer than a SHA-1 block");
        }
        for (int i = 0; i < BLOCK_LENGTH; i++) {
            byte k = i < key.length ? key[i] : 0;
            innerPad[i] = (byte) (k ^ 0x36);
            outerPad[i] = (byte) (k ^ 0x5c);
        }
    }

    void start() {
        sha1.reset();
        sha1.update(innerPad);
    }

    void update(byte[] buf, int off, int len) {
        sha1.update(buf, off, len);
    }

    /** Finishes the MAC; the result stays valid until the next call. */
    byte[] finish() {
        try {
            sha1.digest(digest, 0, DIGEST_LENGTH);
            sha1.update(outerPad);
            sha1.update(digest);
            sha1.digest(digest, 0, DIGEST_LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("digest buffer is sized for SHA-1", e);
        }
        return digest;
    }
}
