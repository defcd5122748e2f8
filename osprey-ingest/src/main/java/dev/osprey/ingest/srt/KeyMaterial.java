package dev.osprey.ingest.srt;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A key material message (KMREQ, draft-sharabayko-srt section 3.2.2): the salt and the stream
 * encrypting keys (SEK, even and/or odd), wrapped (RFC 3394) with a key derived from the
 * passphrase by PBKDF2-HMAC-SHA1 over the salt's last 8 bytes, 2048 iterations.
 */
final class KeyMaterial {
    static final int CIPHER_AES_CTR = 2;
    private static final int HEADER = 16;
    private static final int SIGN = 0x2029;
    private static final int PBKDF2_ITERATIONS = 2048;
    private static final int PBKDF2_SALT_LENGTH = 8;

    /** The message itself, echoed back as the KMRSP of a success. */
    final byte[] message;
    final int keyFlags;
    final int keyLength;
    final byte[] salt;
    private final byte[] wrapped;

    private KeyMaterial(byte[] message, int keyFlags, int keyLength, byte[] salt, byte[] wrapped) {
        this.message = message;
        this.keyFlags = keyFlags;
        this.keyLength = keyLength;
        this.salt = salt;
        this.wrapped = wrapped;
    }

    /** Thrown for a message this listener cannot use, with the reject reason to answer. */
    static final class KeyMaterialException extends Exception {
        final int reason;

        KeyMaterialException(int reason, String message) {
            super(message);
            this.reason = reason;
        }
    }

    static KeyMaterial parse(byte[] m) throws KeyMaterialException {
        if (m.length < HEADER) {
            throw new KeyMaterialException(RejectReason.ROGUE, "key material of " + m.length + " bytes");
        }
        int version = (m[0] >>> 4) & 7;
        int packetType = m[0] & 0xF;
        int sign = (m[1] & 0xFF) << 8 | (m[2] & 0xFF);
        int keyFlags = m[3] & 3;
        if (version != 1 || packetType != 2 || sign != SIGN || keyFlags == 0) {
            throw new KeyMaterialException(RejectReason.ROGUE, "not a key material message");
        }
        int cipher = m[8] & 0xFF;
        if (cipher != CIPHER_AES_CTR || m[9] != 0) {
            throw new KeyMaterialException(RejectReason.CRYPTO, "cipher " + cipher + " not supported (AES-CTR only)");
        }
        int saltLength = (m[14] & 0xFF) * 4;
        int keyLength = (m[15] & 0xFF) * 4;
        if (saltLength != 16 || (keyLength != 16 && keyLength != 24 && keyLength != 32)) {
            throw new KeyMaterialException(RejectReason.CRYPTO, "salt of " + saltLength + " and key of " + keyLength + " bytes");
        }
        int keys = keyFlags == 3 ? 2 : 1;
        int wrappedLength = keys * keyLength + 8;
        if (m.length < HEADER + saltLength + wrappedLength) {
            throw new KeyMaterialException(RejectReason.ROGUE, "key material truncated");
        }
        byte[] salt = Arrays.copyOfRange(m, HEADER, HEADER + saltLength);
        byte[] wrapped = Arrays.copyOfRange(m, HEADER + saltLength, HEADER + saltLength + wrappedLength);
        return new KeyMaterial(m.clone(), keyFlags, keyLength, salt, wrapped);
    }

    /**
     * Unwraps the keys with the passphrase.
     *
     * @return the even key (or null) and the odd key (or null)
     * @throws KeyMaterialException with {@link RejectReason#BADSECRET} when the passphrase does not open them
     */
    byte[][] unwrap(String passphrase) throws KeyMaterialException {
        try {
            SecretKeyFactory pbkdf2 = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1");
            byte[] kek = pbkdf2.generateSecret(new PBEKeySpec(passphrase.toCharArray(),
                    Arrays.copyOfRange(salt, salt.length - PBKDF2_SALT_LENGTH, salt.length),
                    PBKDF2_ITERATIONS, keyLength * 8)).getEncoded();
            Cipher kw = Cipher.getInstance("AES/KW/NoPadding");
            kw.init(Cipher.DECRYPT_MODE, new SecretKeySpec(kek, "AES"));
            byte[] keys = kw.doFinal(wrapped);
            byte[] first = Arrays.copyOfRange(keys, 0, keyLength);
            return switch (keyFlags) {
                case 1 -> new byte[][] {first, null};
                case 2 -> new byte[][] {null, first};
                default -> new byte[][] {first, Arrays.copyOfRange(keys, keyLength, 2 * keyLength)};
            };
        } catch (javax.crypto.BadPaddingException | javax.crypto.IllegalBlockSizeException e) {
            throw new KeyMaterialException(RejectReason.BADSECRET, "the passphrase does not unwrap the key");
        } catch (GeneralSecurityException e) {
            throw new KeyMaterialException(RejectReason.SYSTEM, "crypto unavailable: " + e);
        }
    }
}
