package dev.osprey.ingest.srt;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-CTR decryption of data payloads (HaiCrypt): the counter block of packet {@code pki} (its
 * sequence number word) is {@code 0^80 | pki | block#16} XORed with the first 112 bits of the salt.
 * The key stream is made with AES-ECB over prepared counter blocks so no object is made per packet.
 *
 * <p>Not thread-safe: one per connection, used on its event loop.
 */
final class PayloadDecryptor {
    private static final int MAX_PAYLOAD = 1500;
    private byte[] evenSalt;
    private byte[] oddSalt;
    private Cipher even;
    private Cipher odd;
    private final byte[] counters = new byte[(MAX_PAYLOAD + 15) / 16 * 16];
    private final byte[] keyStream = new byte[counters.length];
    private final String passphrase;

    private PayloadDecryptor(String passphrase) {
        this.passphrase = passphrase;
    }

    /** A decryptor with the keys of a caller's first key material. */
    static PayloadDecryptor open(KeyMaterial km, String passphrase) throws KeyMaterial.KeyMaterialException {
        PayloadDecryptor d = new PayloadDecryptor(passphrase);
        d.install(km);
        return d;
    }

    /** Unwraps and installs the keys of a key material message (a refresh names one of them). */
    void install(KeyMaterial km) throws KeyMaterial.KeyMaterialException {
        byte[][] keys = km.unwrap(passphrase);
        install(km.salt, keys[0], keys[1]);
    }

    private void install(byte[] salt, byte[] evenKey, byte[] oddKey) {
        if (evenKey != null) {
            even = ecb(evenKey);
            evenSalt = salt.clone();
        }
        if (oddKey != null) {
            odd = ecb(oddKey);
            oddSalt = salt.clone();
        }
    }

    private static Cipher ecb(byte[] key) {
        if (key == null) {
            return null;
        }
        try {
            Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is part of every JDK", e);
        }
    }

    /** Decrypts {@code data[off, off+len)} in place; false when the key it names is not known. */
    boolean decrypt(int key, int pki, byte[] data, int off, int len) {
        Cipher cipher = key == SrtPackets.KEY_EVEN ? even : key == SrtPackets.KEY_ODD ? odd : null;
        byte[] salt = key == SrtPackets.KEY_EVEN ? evenSalt : oddSalt;
        if (cipher == null || len > MAX_PAYLOAD) {
            return false;
        }
        int blocks = (len + 15) / 16;
        for (int b = 0; b < blocks; b++) {
            int o = 16 * b;
            for (int i = 0; i < 10; i++) {
                counters[o + i] = salt[i];
            }
            counters[o + 10] = (byte) ((pki >>> 24) ^ salt[10]);
            counters[o + 11] = (byte) ((pki >>> 16) ^ salt[11]);
            counters[o + 12] = (byte) ((pki >>> 8) ^ salt[12]);
            counters[o + 13] = (byte) (pki ^ salt[13]);
            counters[o + 14] = (byte) (b >>> 8);
            counters[o + 15] = (byte) b;
        }
        try {
            cipher.doFinal(counters, 0, blocks * 16, keyStream, 0);
        } catch (ShortBufferException | javax.crypto.IllegalBlockSizeException | javax.crypto.BadPaddingException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < len; i++) {
            data[off + i] ^= keyStream[i];
        }
        return true;
    }
}
