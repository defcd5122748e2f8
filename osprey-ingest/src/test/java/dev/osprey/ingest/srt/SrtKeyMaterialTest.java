package dev.osprey.ingest.srt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Key material made the way a sender makes it, with the JDK's own AES-CTR as the reference. */
class SrtKeyMaterialTest {
    private static final String PASSPHRASE = "0123456789abcdef";
    private static final byte[] SALT = bytes(16, 0x30);
    private static final byte[] EVEN = bytes(16, 0x50);
    private static final byte[] ODD = bytes(16, 0x70);

    @Test
    void bothKeysUnwrapAndDecryptPayloadsStampedWithTheirFlags() throws Exception {
        KeyMaterial km = KeyMaterial.parse(message(3, 2, PASSPHRASE, EVEN, ODD));
        PayloadDecryptor decryptor = PayloadDecryptor.open(km, PASSPHRASE);
        byte[] plain = new byte[1316];
        Arrays.fill(plain, (byte) 0x47);
        int pki = 0x0012_3456;

        byte[] even = ctr(EVEN, pki, plain);
        byte[] odd = ctr(ODD, pki, plain);

        assertThat(decryptor.decrypt(SrtPackets.KEY_EVEN, pki, even, 0, even.length)).isTrue();
        assertThat(decryptor.decrypt(SrtPackets.KEY_ODD, pki, odd, 0, odd.length)).isTrue();
        assertThat(even).isEqualTo(plain);
        assertThat(odd).isEqualTo(plain);
    }

    @Test
    void aRefreshInstallsTheOddKeyAndKeepsTheEvenOne() throws Exception {
        PayloadDecryptor decryptor = PayloadDecryptor.open(KeyMaterial.parse(message(1, 2, PASSPHRASE, EVEN)), PASSPHRASE);
        byte[] plain = bytes(188, 1);
        byte[] odd = ctr(ODD, 9, plain);
        assertThat(decryptor.decrypt(SrtPackets.KEY_ODD, 9, odd.clone(), 0, odd.length)).isFalse();

        decryptor.install(KeyMaterial.parse(message(2, 2, PASSPHRASE, ODD)));

        assertThat(decryptor.decrypt(SrtPackets.KEY_ODD, 9, odd, 0, odd.length)).isTrue();
        assertThat(odd).isEqualTo(plain);
        byte[] even = ctr(EVEN, 10, plain);
        assertThat(decryptor.decrypt(SrtPackets.KEY_EVEN, 10, even, 0, even.length)).isTrue();
        assertThat(even).isEqualTo(plain);
    }

    @Test
    void anotherPassphraseIsABadSecret() throws Exception {
        KeyMaterial km = KeyMaterial.parse(message(1, 2, PASSPHRASE, EVEN));

        assertThatThrownBy(() -> km.unwrap("another passphrase"))
                .isInstanceOfSatisfying(KeyMaterial.KeyMaterialException.class,
                        e -> assertThat(e.reason).isEqualTo(RejectReason.BADSECRET));
    }

    @Test
    void aCipherOtherThanCtrIsRefusedAsUnsupportedCrypto() throws Exception {
        byte[] gcm = message(1, 4, PASSPHRASE, EVEN);

        assertThatThrownBy(() -> KeyMaterial.parse(gcm))
                .isInstanceOfSatisfying(KeyMaterial.KeyMaterialException.class,
                        e -> assertThat(e.reason).isEqualTo(RejectReason.CRYPTO));
    }

    /** A KM message: header, salt, then the keys wrapped with the PBKDF2 key of the passphrase. */
    private static byte[] message(int keyFlags, int cipher, String passphrase, byte[]... keys) throws Exception {
        byte[] kek = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1").generateSecret(new PBEKeySpec(
                passphrase.toCharArray(), Arrays.copyOfRange(SALT, 8, 16), 2048, 128)).getEncoded();
        Cipher kw = Cipher.getInstance("AES/KW/NoPadding");
        kw.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(kek, "AES"));
        ByteBuffer plainKeys = ByteBuffer.allocate(16 * keys.length);
        for (byte[] k : keys) {
            plainKeys.put(k);
        }
        byte[] wrapped = kw.doFinal(plainKeys.array());
        ByteBuffer m = ByteBuffer.allocate(16 + 16 + wrapped.length);
        m.put((byte) 0x12).putShort((short) 0x2029).put((byte) keyFlags).putInt(0);
        m.put((byte) cipher).put((byte) 0).put((byte) 2).put((byte) 0).putShort((short) 0).put((byte) 4).put((byte) 4);
        m.put(SALT).put(wrapped);
        return m.array();
    }

    private static byte[] ctr(byte[] key, int pki, byte[] plain) throws Exception {
        byte[] iv = new byte[16];
        ByteBuffer.wrap(iv, 10, 4).putInt(pki);
        for (int i = 0; i < 14; i++) {
            iv[i] ^= SALT[i];
        }
        Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return c.doFinal(plain);
    }

    private static byte[] bytes(int n, int first) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (first + i);
        }
        return b;
    }
}
