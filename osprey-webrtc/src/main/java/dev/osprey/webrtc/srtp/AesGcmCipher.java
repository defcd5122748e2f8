package dev.osprey.webrtc.srtp;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD_AES_128_GCM (RFC 7714 §8, §9). JCE needs one {@code Cipher.init} with a fresh
 * {@link GCMParameterSpec} per packet (every packet has its own IV, and JCE offers no way to
 * change the IV of an initialised GCM cipher), so each packet allocates the spec and the
 * provider's per-init GCM state; nothing else is allocated here.
 */
final class AesGcmCipher extends PacketCipher {
    private static final int IV_LENGTH = 12;
    private static final int SCRATCH_LENGTH = 1536;
    private static final byte[] EMPTY = new byte[0];

    private final Cipher gcm;
    private final SecretKeySpec key;
    private final byte[] salt;
    private final int tagBits;
    private final int tagLength;
    private final byte[] iv = new byte[IV_LENGTH];
    private final byte[] word = new byte[4];
    // Only decryption uses it: allocated on the first packet opened, so sending contexts carry none.
    private byte[] scratch = EMPTY;

    AesGcmCipher(byte[] key, byte[] salt, int tagLength) {
        if (salt.length != IV_LENGTH) {
            throw new IllegalArgumentException("AES-GCM session salt must be 12 bytes");
        }
        try {
            gcm = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is part of every Java runtime", e);
        }
        this.key = new SecretKeySpec(key, "AES");
        this.salt = salt.clone();
        this.tagLength = tagLength;
        this.tagBits = tagLength * 8;
    }

    @Override
    int protectRtp(byte[] buf, int off, int headerLength, int len, int ssrc, long index) {
        setIv(ssrc, index);
        try {
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(tagBits, iv));
            gcm.updateAAD(buf, off, headerLength);
            int payload = off + headerLength;
            return headerLength + gcm.doFinal(buf, payload, len - headerLength, buf, payload);
        } catch (InvalidAlgorithmParameterException e) {
            return SrtpError.IV_REUSED;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("GCM encryption with checked lengths failed", e);
        }
    }

    @Override
    int unprotectRtp(byte[] buf, int off, int headerLength, int len, int ssrc, long index) {
        setIv(ssrc, index);
        try {
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(tagBits, iv));
            gcm.updateAAD(buf, off, headerLength);
            return headerLength + openInto(buf, off + headerLength, len - headerLength);
        } catch (AEADBadTagException e) {
            // JCE reports a bad tag only by exception; the cost is paid by bad packets alone
            return SrtpError.AUTH_FAILED;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("GCM decryption with checked lengths failed", e);
        }
    }

    @Override
    int protectRtcp(byte[] buf, int off, int len, int ssrc, int index) {
        setIv(ssrc, index);
        writeInt(word, 0, 0x80000000 | index);
        try {
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(tagBits, iv));
            // AAD = the clear 8-byte header || E flag + SRTCP index (RFC 7714 §9.3)
            gcm.updateAAD(buf, off, RTCP_HEADER_LENGTH);
            gcm.updateAAD(word, 0, SrtpProfile.SRTCP_INDEX_LENGTH);
            int payload = off + RTCP_HEADER_LENGTH;
            int sealed = gcm.doFinal(buf, payload, len - RTCP_HEADER_LENGTH, buf, payload);
            System.arraycopy(word, 0, buf, payload + sealed, SrtpProfile.SRTCP_INDEX_LENGTH);
            return RTCP_HEADER_LENGTH + sealed + SrtpProfile.SRTCP_INDEX_LENGTH;
        } catch (InvalidAlgorithmParameterException e) {
            return SrtpError.IV_REUSED;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("GCM encryption with checked lengths failed", e);
        }
    }

    @Override
    int unprotectRtcp(byte[] buf, int off, int len, int ssrc, int index) {
        setIv(ssrc, index);
        int indexAt = off + len - SrtpProfile.SRTCP_INDEX_LENGTH;
        try {
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(tagBits, iv));
            gcm.updateAAD(buf, off, RTCP_HEADER_LENGTH);
            gcm.updateAAD(buf, indexAt, SrtpProfile.SRTCP_INDEX_LENGTH);
            int payload = off + RTCP_HEADER_LENGTH;
            return RTCP_HEADER_LENGTH + openInto(buf, payload, indexAt - payload);
        } catch (AEADBadTagException e) {
            return SrtpError.AUTH_FAILED;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("GCM decryption with checked lengths failed", e);
        }
    }

    /**
     * Decrypts ciphertext + tag through a scratch array and copies the plaintext back. The JDK
     * takes a slower path for in-place GCM decryption (it hashes and decrypts in two passes rather
     * than with its combined intrinsic), and the extra copy costs less than that.
     */
    private int openInto(byte[] buf, int pos, int sealedLength) throws GeneralSecurityException {
        int plainLength = sealedLength - tagLength;
        if (plainLength > scratch.length) {
            scratch = new byte[Math.max(plainLength, SCRATCH_LENGTH)];
        }
        int opened = gcm.doFinal(buf, pos, sealedLength, scratch, 0);
        System.arraycopy(scratch, 0, buf, pos, opened);
        return opened;
    }

    @Override
    int rtcpIndexOffset(int protectedLength) {
        return protectedLength - SrtpProfile.SRTCP_INDEX_LENGTH;
    }

    /**
     * IV = (0x0000 || SSRC || 48-bit value) XOR salt. The value is the packet index ROC || SEQ for
     * SRTP (RFC 7714 §8.1) and 0x0000 || SRTCP index for SRTCP (§9.1): the same layout.
     */
    private void setIv(int ssrc, long index) {
        iv[0] = salt[0];
        iv[1] = salt[1];
        iv[2] = (byte) (salt[2] ^ (ssrc >>> 24));
        iv[3] = (byte) (salt[3] ^ (ssrc >>> 16));
        iv[4] = (byte) (salt[4] ^ (ssrc >>> 8));
        iv[5] = (byte) (salt[5] ^ ssrc);
        iv[6] = (byte) (salt[6] ^ (index >>> 40));
        iv[7] = (byte) (salt[7] ^ (index >>> 32));
        iv[8] = (byte) (salt[8] ^ (index >>> 24));
        iv[9] = (byte) (salt[9] ^ (index >>> 16));
        iv[10] = (byte) (salt[10] ^ (index >>> 8));
        iv[11] = (byte) (salt[11] ^ index);
    }
}
