package dev.osprey.webrtc.srtp;

import static dev.osprey.webrtc.rtp.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link AesGcm} against the GCM specification's test cases and against the JDK's AES/GCM, with
 * either way of computing GHASH.
 */
class AesGcmTest {

    private static final String K3 = "feffe9928665731c6d6a8f9467308308";
    private static final String IV3 = "cafebabefacedbaddecaf888";
    private static final String P3 = """
            d9313225f88406e5a55909c5aff5269a 86a7a9531534f7da2e4c303d8a318a72
            1c3c0c95956809532fcf0e2449a6b525 b16aedf5aa0de657ba637b391aafd255""";
    private static final String P4 = """
            d9313225f88406e5a55909c5aff5269a 86a7a9531534f7da2e4c303d8a318a72
            1c3c0c95956809532fcf0e2449a6b525 b16aedf5aa0de657ba637b39""";
    private static final String A4 = "feedfacedeadbeeffeedfacedeadbeefabaddad2";

    @ParameterizedTest
    @EnumSource(Ghash.Path.class)
    void gcmSpecificationTestCasesOneToFourWithAes128(Ghash.Path ghash) {
        assertSeals(ghash, "00000000000000000000000000000000", "000000000000000000000000", "", "",
                "", "58e2fccefa7e3061367f1d57a4e7455a");
        assertSeals(ghash, "00000000000000000000000000000000", "000000000000000000000000", "",
                "00000000000000000000000000000000",
                "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf");
        assertSeals(ghash, K3, IV3, "", P3, """
                42831ec2217774244b7221b784d0d49c e3aa212f2c02a4e035c17e2329aca12e
                21d514b25466931c7d8f6a5aac84aa05 1ba30b396a0aac973d58e091473f5985""",
                "4d5c2af327cd64a62cf35abd2ba6fab4");
        assertSeals(ghash, K3, IV3, A4, P4, """
                42831ec2217774244b7221b784d0d49c e3aa212f2c02a4e035c17e2329aca12e
                21d514b25466931c7d8f6a5aac84aa05 1ba30b396a0aac973d58e091""",
                "5bc94fbc3221a5db94fae95ae7121a47");
    }

    @ParameterizedTest
    @EnumSource(Ghash.Path.class)
    void gcmSpecificationTestCasesWithAes256(Ghash.Path ghash) {
        String zeroKey = "00000000000000000000000000000000 00000000000000000000000000000000";
        assertSeals(ghash, zeroKey, "000000000000000000000000", "", "", "", "530f8afbc74536b9a963b4f1c4cb738b");
        assertSeals(ghash, zeroKey, "000000000000000000000000", "", "00000000000000000000000000000000",
                "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919");
        assertSeals(ghash, K3 + K3, IV3, A4, P4, """
                522dc1f099567d07f47f37a32a84427d 643a8cdcbfe5c0c97598a2bd2555d1aa
                8cb08e48590dbb3da7b08b1056828838 c5f61e6393ba7a0abcc9f662""",
                "76fc6ece0f4e1768cddf8853bb2d551b");
    }

    /** Seals with ours, for an RTCP key and an RTP one (one GHASH table lane or four), checks the known answer, then opens it again. */
    private static void assertSeals(Ghash.Path ghash, String key, String iv, String aad, String plain, String cipher,
                                    String tag) {
        assertSeals(new AesGcm(bytes(key), false, ghash), iv, aad, plain, cipher, tag);
        assertSeals(new AesGcm(bytes(key), true, ghash), iv, aad, plain, cipher, tag);
    }

    private static void assertSeals(AesGcm gcm, String iv, String aad, String plain, String cipher, String tag) {
        byte[] p = bytes(plain);
        byte[] a = bytes(aad);
        byte[] buf = Arrays.copyOf(p, p.length + AesGcm.TAG_LENGTH);

        gcm.seal(bytes(iv), 0, a, 0, a.length, buf, 0, p.length);

        byte[] expected = concat(bytes(cipher), bytes(tag));
        assertThat(buf).isEqualTo(expected);
        assertThat(gcm.open(bytes(iv), 0, a, 0, a.length, buf, 0, p.length)).isTrue();
        assertThat(Arrays.copyOf(buf, p.length)).isEqualTo(p);
    }

    @ParameterizedTest
    @EnumSource(Ghash.Path.class)
    void agreesWithTheJdkInBothDirectionsForEveryLengthUpToTwoChunks(Ghash.Path ghash) throws Exception {
        Random random = new Random(7714);
        for (int variant = 0; variant < 4; variant++) {
            byte[] key = new byte[variant < 2 ? 16 : 32];
            random.nextBytes(key);
            AesGcm ours = new AesGcm(key, variant % 2 == 0, ghash);
            Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
            SecretKeySpec spec = new SecretKeySpec(key, "AES");
            for (int len = 0; len <= 2 * AesGcm.CHUNK_BLOCKS * 16 + 17; len++) {
                byte[] iv = new byte[AesGcm.IV_LENGTH];
                random.nextBytes(iv);
                byte[] aad = new byte[12 + random.nextInt(49)];
                random.nextBytes(aad);
                byte[] plain = new byte[len];
                random.nextBytes(plain);
                int off = random.nextInt(4);

                // ours seals, the JDK opens
                byte[] buf = new byte[off + len + AesGcm.TAG_LENGTH];
                System.arraycopy(plain, 0, buf, off, len);
                ours.seal(iv, 0, aad, 0, aad.length, buf, off, len);
                jdk.init(Cipher.DECRYPT_MODE, spec, new GCMParameterSpec(128, iv));
                jdk.updateAAD(aad);
                assertThat(jdk.doFinal(buf, off, len + AesGcm.TAG_LENGTH)).as("length %d", len).isEqualTo(plain);

                // the JDK seals, ours opens
                jdk.init(Cipher.ENCRYPT_MODE, spec, new GCMParameterSpec(128, iv));
                jdk.updateAAD(aad);
                byte[] sealed = jdk.doFinal(plain);
                assertThat(Arrays.copyOfRange(buf, off, off + len + AesGcm.TAG_LENGTH)).isEqualTo(sealed);
                System.arraycopy(sealed, 0, buf, off, sealed.length);
                assertThat(ours.open(iv, 0, aad, 0, aad.length, buf, off, len)).as("length %d", len).isTrue();
                assertThat(Arrays.copyOfRange(buf, off, off + len)).isEqualTo(plain);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Ghash.Path.class)
    void aChangedBitAnywhereInAadCiphertextOrTagFailsAuthentication(Ghash.Path ghash) throws Exception {
        Random random = new Random(13);
        byte[] key = new byte[16];
        random.nextBytes(key);
        AesGcm ours = new AesGcm(key, true, ghash);
        Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
        for (int trial = 0; trial < 2000; trial++) {
            int len = random.nextInt(1501);
            byte[] iv = new byte[AesGcm.IV_LENGTH];
            random.nextBytes(iv);
            byte[] aad = new byte[12 + random.nextInt(49)];
            random.nextBytes(aad);
            byte[] buf = new byte[len + AesGcm.TAG_LENGTH];
            random.nextBytes(buf);
            ours.seal(iv, 0, aad, 0, aad.length, buf, 0, len);

            int bit = random.nextInt(8 * (aad.length + buf.length));
            if (bit < 8 * aad.length) {
                aad[bit >>> 3] ^= (byte) (1 << (bit & 7));
            } else {
                bit -= 8 * aad.length;
                buf[bit >>> 3] ^= (byte) (1 << (bit & 7));
            }
            byte[] tampered = buf.clone();

            assertThat(ours.open(iv, 0, aad, 0, aad.length, buf, 0, len)).as("trial %d", trial).isFalse();
            jdk.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            jdk.updateAAD(aad);
            org.assertj.core.api.Assertions.assertThatExceptionOfType(AEADBadTagException.class)
                    .isThrownBy(() -> jdk.doFinal(tampered));
        }
    }

    @ParameterizedTest
    @EnumSource(Ghash.Path.class)
    void aWrongIvFailsAuthentication(Ghash.Path ghash) {
        AesGcm gcm = new AesGcm(bytes(K3), true, ghash);
        byte[] buf = new byte[40 + AesGcm.TAG_LENGTH];
        byte[] aad = new byte[12];
        byte[] iv = bytes(IV3);
        gcm.seal(iv, 0, aad, 0, aad.length, buf, 0, 40);
        iv[11] ^= 1;
        assertThat(gcm.open(iv, 0, aad, 0, aad.length, buf, 0, 40)).isFalse();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
