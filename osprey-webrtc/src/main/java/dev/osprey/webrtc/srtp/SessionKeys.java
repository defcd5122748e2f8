package dev.osprey.webrtc.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Session keys for one direction, derived from a master key and salt with the AES-CM PRF
 * (RFC 3711 §4.3, key derivation rate 0; RFC 7714 §11 for AES-GCM).
 */
record SessionKeys(byte[] rtpKey, byte[] rtpSalt, byte[] rtpAuthKey,
                   byte[] rtcpKey, byte[] rtcpSalt, byte[] rtcpAuthKey) {

    static final int LABEL_RTP_ENCRYPTION = 0x00;
    static final int LABEL_RTP_AUTH = 0x01;
    static final int LABEL_RTP_SALT = 0x02;
    static final int LABEL_RTCP_ENCRYPTION = 0x03;
    static final int LABEL_RTCP_AUTH = 0x04;
    static final int LABEL_RTCP_SALT = 0x05;

    /** The PRF input is 112 bits wide, the RFC 3711 salt length. */
    private static final int PRF_SALT_LENGTH = 14;

    static SessionKeys derive(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        if (masterKey.length != profile.keyLength() || masterSalt.length != profile.saltLength()) {
            throw new IllegalArgumentException(profile + " needs a " + profile.keyLength() + "-byte key and a "
                    + profile.saltLength() + "-byte salt, got " + masterKey.length + " and " + masterSalt.length);
        }
        int keyLength = profile.keyLength();
        int saltLength = profile.saltLength();
        int authLength = profile.authKeyLength();
        return new SessionKeys(
                prf(masterKey, masterSalt, LABEL_RTP_ENCRYPTION, keyLength),
                prf(masterKey, masterSalt, LABEL_RTP_SALT, saltLength),
                prf(masterKey, masterSalt, LABEL_RTP_AUTH, authLength),
                prf(masterKey, masterSalt, LABEL_RTCP_ENCRYPTION, keyLength),
                prf(masterKey, masterSalt, LABEL_RTCP_SALT, saltLength),
                prf(masterKey, masterSalt, LABEL_RTCP_AUTH, authLength));
    }

    /**
     * AES-CM keystream of {@code length} bytes keyed by the master key, starting at
     * IV = (label || 0^48) XOR master salt, times 2^16. A 96-bit GCM salt is first multiplied by 2^16
     * (zero-padded on the right) to fill the 112-bit PRF input, per the RFC 7714 erratum 4938.
     */
    static byte[] prf(byte[] masterKey, byte[] masterSalt, int label, int length) {
        byte[] out = new byte[length];
        if (length == 0) {
            return out;
        }
        byte[] block = new byte[16];
        System.arraycopy(masterSalt, 0, block, 0, Math.min(masterSalt.length, PRF_SALT_LENGTH));
        // key_id = label || index DIV kdr (48 zero bits) is right-aligned under the 112-bit salt
        block[PRF_SALT_LENGTH - 7] ^= (byte) label;
        try {
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"));
            byte[] keystream = new byte[16];
            for (int pos = 0, counter = 0; pos < length; pos += 16, counter++) {
                block[14] = (byte) (counter >>> 8);
                block[15] = (byte) counter;
                aes.doFinal(block, 0, 16, keystream, 0);
                System.arraycopy(keystream, 0, out, pos, Math.min(16, length - pos));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is part of every Java runtime", e);
        }
        return out;
    }
}
