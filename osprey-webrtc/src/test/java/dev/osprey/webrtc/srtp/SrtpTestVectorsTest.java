package dev.osprey.webrtc.srtp;

import static dev.osprey.webrtc.rtp.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.webrtc.rtp.Hex;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Known answers from RFC 3711 Appendix B, RFC 7714 §16/§17 and the libsrtp driver packet. */
class SrtpTestVectorsTest {

    private static final byte[] B3_MASTER_KEY = bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static final byte[] B3_MASTER_SALT = bytes("0EC675AD498AFEEBB6960B3AABE6");

    @Test
    void rfc3711B3KeyDerivation() {
        assertThat(SessionKeys.prf(B3_MASTER_KEY, B3_MASTER_SALT, SessionKeys.LABEL_RTP_ENCRYPTION, 16))
                .isEqualTo(bytes("C61E7A93744F39EE10734AFE3FF7A087"));
        assertThat(SessionKeys.prf(B3_MASTER_KEY, B3_MASTER_SALT, SessionKeys.LABEL_RTP_SALT, 14))
                .isEqualTo(bytes("30CBBC08863D8C85D49DB34A9AE1"));
        assertThat(SessionKeys.prf(B3_MASTER_KEY, B3_MASTER_SALT, SessionKeys.LABEL_RTP_AUTH, 94))
                .isEqualTo(bytes("""
                        CEBE321F6FF7716B6FD4AB49AF256A15 6D38BAA48F0A0ACF3C34E2359E6CDBCE
                        E049646C43D9327AD175578EF7227098 6371C10C9A369AC2F94A8C5FBCDDDC25
                        6D6E919A48B610EF17C2041E47403576 6B68642C59BBFC2F34DB60DBDFB2"""));

        SessionKeys keys = SessionKeys.derive(SrtpProfile.AES_CM_128_HMAC_SHA1_80, B3_MASTER_KEY, B3_MASTER_SALT);
        assertThat(keys.rtpKey()).isEqualTo(bytes("C61E7A93744F39EE10734AFE3FF7A087"));
        assertThat(keys.rtpSalt()).isEqualTo(bytes("30CBBC08863D8C85D49DB34A9AE1"));
        assertThat(keys.rtpAuthKey()).isEqualTo(bytes("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"));
    }

    @Test
    void gcmKeyDerivationPadsTheTwelveByteSaltOnTheRight() {
        byte[] salt = Arrays.copyOf(B3_MASTER_SALT, 12);
        SessionKeys keys = SessionKeys.derive(SrtpProfile.AEAD_AES_128_GCM, B3_MASTER_KEY, salt);
        byte[] padded = Arrays.copyOf(salt, 14);
        assertThat(keys.rtpKey()).isEqualTo(SessionKeys.prf(B3_MASTER_KEY, padded, 0, 16));
        assertThat(keys.rtpSalt()).isEqualTo(Arrays.copyOf(SessionKeys.prf(B3_MASTER_KEY, padded, 2, 14), 12));
        assertThat(keys.rtcpKey()).isEqualTo(SessionKeys.prf(B3_MASTER_KEY, padded, 3, 16));
        assertThat(keys.rtpAuthKey()).isEmpty();
    }

    @Test
    void rfc3711B2AesCounterModeKeystream() {
        byte[] key = bytes("2B7E151628AED2A6ABF7158809CF4F3C");
        byte[] salt = bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");
        SessionKeys keys = new SessionKeys(key, salt, new byte[20], key, salt, new byte[20]);
        SrtpContext context = new SrtpContext(SrtpProfile.AES_CM_128_HMAC_SHA1_80, keys, 64);
        // SSRC 0, sequence 0, a zero payload: the ciphertext is the keystream itself
        byte[] packet = Hex.at(0, new byte[12 + 48], SrtpProfile.MAX_TRAILER);
        packet[0] = (byte) 0x80;

        assertThat(context.protectRtp(packet, 0, 60)).isEqualTo(70);

        assertThat(Arrays.copyOfRange(packet, 12, 60)).isEqualTo(bytes("""
                E03EAD0935C95E80E166B16DD92B4EB4
                D23513162B02D0F72A43A2FE4A5F97AB
                41E95B3BB0A2E8DD477901E4FCA894C0"""));
    }

    private static final byte[] CM_MASTER = bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static final byte[] CM_SALT = bytes("0EC675AD498AFEEBB6960B3AABE6");
    private static final byte[] CM_PLAIN = bytes("800f1234decafbadcafebabeabababababababababababababababab");
    private static final byte[] CM_PROTECTED = bytes(
            "800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb");

    @Test
    void aesCmHmacSha1PacketFromMasterKey() {
        byte[] buf = Hex.at(0, CM_PLAIN, SrtpProfile.MAX_TRAILER);
        SrtpContext sender = new SrtpContext(SrtpProfile.AES_CM_128_HMAC_SHA1_80, CM_MASTER, CM_SALT);
        int len = sender.protectRtp(buf, 0, CM_PLAIN.length);
        assertThat(Arrays.copyOf(buf, len)).isEqualTo(CM_PROTECTED);

        SrtpContext receiver = new SrtpContext(SrtpProfile.AES_CM_128_HMAC_SHA1_80, CM_MASTER, CM_SALT);
        assertThat(receiver.unprotectRtp(buf, 0, len)).isEqualTo(CM_PLAIN.length);
        assertThat(Arrays.copyOf(buf, CM_PLAIN.length)).isEqualTo(CM_PLAIN);
    }

    private static final byte[] GCM_KEY = bytes("000102030405060708090a0b0c0d0e0f");
    private static final byte[] GCM_SALT = bytes("517569642070726f2071756f");
    private static final byte[] GCM_RTP_PLAIN = bytes("""
            8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973
            20646976 69736120 696e2070 61727465 73207472 6573""");
    private static final byte[] GCM_RTP_PROTECTED = bytes("""
            8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca
            be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833899d 7f27beb1
            6a9152cf 765ee439 0cce""");
    private static final byte[] GCM_RTCP_PLAIN = bytes("""
            81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61
            deadbeef deadbeef deadbeef deadbeef deadbeef""");
    private static final byte[] GCM_RTCP_PROTECTED = bytes("""
            81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d
            c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b c84aa458 96cf4d2f c5abf872
            45d9eade 800005d4""");

    private static SrtpContext rfc7714Context() {
        SessionKeys keys = new SessionKeys(GCM_KEY, GCM_SALT, new byte[0], GCM_KEY, GCM_SALT, new byte[0]);
        return new SrtpContext(SrtpProfile.AEAD_AES_128_GCM, keys, 64);
    }

    @Test
    void rfc7714SrtpEncryption() {
        byte[] buf = Hex.at(0, GCM_RTP_PLAIN, SrtpProfile.MAX_TRAILER);
        int len = rfc7714Context().protectRtp(buf, 0, GCM_RTP_PLAIN.length);
        assertThat(Arrays.copyOf(buf, len)).isEqualTo(GCM_RTP_PROTECTED);
    }

    @Test
    void rfc7714SrtpDecryption() {
        byte[] buf = Hex.at(0, GCM_RTP_PROTECTED, SrtpProfile.MAX_TRAILER);
        assertThat(rfc7714Context().unprotectRtp(buf, 0, GCM_RTP_PROTECTED.length)).isEqualTo(GCM_RTP_PLAIN.length);
        assertThat(Arrays.copyOf(buf, GCM_RTP_PLAIN.length)).isEqualTo(GCM_RTP_PLAIN);
    }

    @Test
    void rfc7714SrtcpEncryptionAtIndex0x5d4() {
        SrtpContext context = rfc7714Context();
        byte[] scratch = Hex.at(0, GCM_RTCP_PLAIN, SrtpProfile.MAX_TRAILER);
        for (int i = 0; i < 0x5d4; i++) {
            System.arraycopy(GCM_RTCP_PLAIN, 0, scratch, 0, GCM_RTCP_PLAIN.length);
            context.protectRtcp(scratch, 0, GCM_RTCP_PLAIN.length);
        }
        byte[] buf = Hex.at(0, GCM_RTCP_PLAIN, SrtpProfile.MAX_TRAILER);
        int len = context.protectRtcp(buf, 0, GCM_RTCP_PLAIN.length);
        assertThat(Arrays.copyOf(buf, len)).isEqualTo(GCM_RTCP_PROTECTED);
    }

    @Test
    void rfc7714SrtcpDecryption() {
        byte[] buf = Hex.at(0, GCM_RTCP_PROTECTED, SrtpProfile.MAX_TRAILER);
        assertThat(rfc7714Context().unprotectRtcp(buf, 0, GCM_RTCP_PROTECTED.length))
                .isEqualTo(GCM_RTCP_PLAIN.length);
        assertThat(Arrays.copyOf(buf, GCM_RTCP_PLAIN.length)).isEqualTo(GCM_RTCP_PLAIN);
    }

    private static final byte[] GCM_256_KEY = bytes("000102030405060708090a0b0c0d0e0f 101112131415161718191a1b1c1d1e1f");
    private static final byte[] GCM_256_RTP_PROTECTED = bytes("""
            8040f17b 8041f8d3 5501a0b2 32b1de78 a822fe12 ef9f78fa 332e33aa b1801238
            9a58e2f3 b50b2a02 76ffae0f 1ba63799 b87b7aa3 db36dfff d6b0f9bb 7878d7a7
            6c13""");
    private static final byte[] GCM_256_RTCP_PROTECTED = bytes("""
            81c8000d 4d617273 d50ae4d1 f5ce5d30 4ba297e4 7d470c28 2c3ece5d bffe0a50
            a2eaa5c1 110555be 8415f658 c61de047 6f1b6fad 1d1eb30c 4446839f 57ff6f6c
            b26ac3be 800005d4""");

    /** The RFC 7714 AES-128 vectors again, on the packet cipher with either GHASH. */
    @ParameterizedTest
    @EnumSource(Ghash.Path.class)
    void rfc7714SrtpEncryptionAndDecryptionWithEitherGhash(Ghash.Path ghash) {
        assertRtpVector(GCM_KEY, GCM_RTP_PROTECTED, ghash);
    }

    @ParameterizedTest
    @EnumSource(Ghash.Path.class)
    void rfc7714SrtcpEncryptionAndDecryptionWithEitherGhash(Ghash.Path ghash) {
        assertRtcpVector(GCM_KEY, GCM_RTCP_PROTECTED, ghash);
    }

    /** No DTLS-SRTP profile negotiates AES-256 yet; the packet cipher takes its keys all the same. */
    @ParameterizedTest
    @EnumSource(Ghash.Path.class)
    void rfc7714Aes256SrtpEncryptionAndDecryption(Ghash.Path ghash) {
        assertRtpVector(GCM_256_KEY, GCM_256_RTP_PROTECTED, ghash);
    }

    @ParameterizedTest
    @EnumSource(Ghash.Path.class)
    void rfc7714Aes256SrtcpEncryptionAndDecryption(Ghash.Path ghash) {
        assertRtcpVector(GCM_256_KEY, GCM_256_RTCP_PROTECTED, ghash);
    }

    /** Protecting the RFC's RTP packet gives {@code expected}, and unprotecting that gives the packet back. */
    private static void assertRtpVector(byte[] key, byte[] expected, Ghash.Path ghash) {
        AesGcmCipher cipher = new AesGcmCipher(key, GCM_SALT, 16, true, ghash);
        byte[] buf = Hex.at(0, GCM_RTP_PLAIN, SrtpProfile.MAX_TRAILER);
        int len = cipher.protectRtp(buf, 0, 12, GCM_RTP_PLAIN.length, 0x5501a0b2, 0xf17b);
        assertThat(Arrays.copyOf(buf, len)).isEqualTo(expected);

        AesGcmCipher receiver = new AesGcmCipher(key, GCM_SALT, 16, true, ghash);
        assertThat(receiver.unprotectRtp(buf, 0, 12, len, 0x5501a0b2, 0xf17b)).isEqualTo(GCM_RTP_PLAIN.length);
        assertThat(Arrays.copyOf(buf, GCM_RTP_PLAIN.length)).isEqualTo(GCM_RTP_PLAIN);
    }

    /** The same for the RFC's RTCP packet. */
    private static void assertRtcpVector(byte[] key, byte[] expected, Ghash.Path ghash) {
        AesGcmCipher cipher = new AesGcmCipher(key, GCM_SALT, 16, false, ghash);
        byte[] buf = Hex.at(0, GCM_RTCP_PLAIN, SrtpProfile.MAX_TRAILER);
        int len = cipher.protectRtcp(buf, 0, GCM_RTCP_PLAIN.length, 0x4d617273, 0x5d4);
        assertThat(Arrays.copyOf(buf, len)).isEqualTo(expected);

        AesGcmCipher receiver = new AesGcmCipher(key, GCM_SALT, 16, false, ghash);
        assertThat(receiver.unprotectRtcp(buf, 0, len, 0x4d617273, 0x5d4)).isEqualTo(GCM_RTCP_PLAIN.length);
        assertThat(Arrays.copyOf(buf, GCM_RTCP_PLAIN.length)).isEqualTo(GCM_RTCP_PLAIN);
    }

    @Test
    void theSamePacketIndexIsNotEncryptedTwiceInARow() {
        AesGcmCipher cipher = new AesGcmCipher(GCM_KEY, GCM_SALT, 16, true);
        byte[] buf = Hex.at(0, GCM_RTP_PLAIN, SrtpProfile.MAX_TRAILER);
        assertThat(cipher.protectRtp(buf, 0, 12, GCM_RTP_PLAIN.length, 0x5501a0b2, 0xf17b)).isPositive();
        System.arraycopy(GCM_RTP_PLAIN, 0, buf, 0, GCM_RTP_PLAIN.length);
        assertThat(cipher.protectRtp(buf, 0, 12, GCM_RTP_PLAIN.length, 0x5501a0b2, 0xf17b))
                .isEqualTo(SrtpError.IV_REUSED);
        assertThat(cipher.protectRtp(buf, 0, 12, GCM_RTP_PLAIN.length, 0x5501a0b2, 0xf17c)).isPositive();
    }

    @Test
    void profilesByDtlsId() {
        assertThat(SrtpProfile.fromId(0x0001)).isEqualTo(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        assertThat(SrtpProfile.fromId(0x0007)).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
        assertThat(SrtpProfile.AEAD_AES_128_GCM.rtcpTrailerLength()).isEqualTo(SrtpProfile.MAX_TRAILER);
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> SrtpProfile.fromId(2));
    }
}
