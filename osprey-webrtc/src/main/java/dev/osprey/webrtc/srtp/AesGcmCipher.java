package dev.osprey.webrtc.srtp;

/**
 * AEAD_AES_128_GCM (RFC 7714 §8, §9) on {@link AesGcm}, which allocates nothing per packet
 * (JCE's AES/GCM needs a fresh {@code init} per IV and allocated ~0.9 KB per packet).
 * Like JCE's cipher, it refuses to encrypt twice in a row under the same IV: a sender that
 * protects one packet index twice would otherwise give away the GHASH key.
 */
final class AesGcmCipher extends PacketCipher {
    private final AesGcm gcm;
    private final byte[] salt;
    private final byte[] iv = new byte[AesGcm.IV_LENGTH];
    /** RTCP's AAD: the clear 8-byte header || E flag + SRTCP index (RFC 7714 §9.3), contiguous here. */
    private final byte[] rtcpAad = new byte[RTCP_HEADER_LENGTH + SrtpProfile.SRTCP_INDEX_LENGTH];
    private boolean sealedAny;
    private int lastSealedSsrc;
    private long lastSealedIndex;

    /** @param busy see {@link AesGcm#AesGcm(byte[], boolean)}: true for RTP, false for RTCP */
    AesGcmCipher(byte[] key, byte[] salt, int tagLength, boolean busy) {
        this(key, salt, tagLength, busy, Ghash.Path.best());
    }

    /** @param ghashPath see {@link AesGcm#AesGcm(byte[], boolean, Ghash.Path)} */
    AesGcmCipher(byte[] key, byte[] salt, int tagLength, boolean busy, Ghash.Path ghashPath) {
        if (salt.length != AesGcm.IV_LENGTH) {
            throw new IllegalArgumentException("AES-GCM session salt must be 12 bytes");
        }
        if (tagLength != AesGcm.TAG_LENGTH) {
            throw new IllegalArgumentException("AES-GCM tags here are 16 bytes");
        }
        this.gcm = new AesGcm(key, busy, ghashPath);
        this.salt = salt.clone();
    }

    @Override
    int protectRtp(byte[] buf, int off, int headerLength, int len, int ssrc, long index) {
        if (reusesIv(ssrc, index)) {
            return SrtpError.IV_REUSED;
        }
        setIv(ssrc, index);
        gcm.seal(iv, 0, buf, off, headerLength, buf, off + headerLength, len - headerLength);
        return len + AesGcm.TAG_LENGTH;
    }

    @Override
    int unprotectRtp(byte[] buf, int off, int headerLength, int len, int ssrc, long index) {
        setIv(ssrc, index);
        int textLength = len - headerLength - AesGcm.TAG_LENGTH;
        if (!gcm.open(iv, 0, buf, off, headerLength, buf, off + headerLength, textLength)) {
            return SrtpError.AUTH_FAILED;
        }
        return headerLength + textLength;
    }

    @Override
    int protectRtcp(byte[] buf, int off, int len, int ssrc, int index) {
        if (reusesIv(ssrc, index)) {
            return SrtpError.IV_REUSED;
        }
        setIv(ssrc, index);
        System.arraycopy(buf, off, rtcpAad, 0, RTCP_HEADER_LENGTH);
        writeInt(rtcpAad, RTCP_HEADER_LENGTH, 0x80000000 | index);
        int textLength = len - RTCP_HEADER_LENGTH;
        gcm.seal(iv, 0, rtcpAad, 0, rtcpAad.length, buf, off + RTCP_HEADER_LENGTH, textLength);
        System.arraycopy(rtcpAad, RTCP_HEADER_LENGTH, buf, off + len + AesGcm.TAG_LENGTH, SrtpProfile.SRTCP_INDEX_LENGTH);
        return len + AesGcm.TAG_LENGTH + SrtpProfile.SRTCP_INDEX_LENGTH;
    }

    @Override
    int unprotectRtcp(byte[] buf, int off, int len, int ssrc, int index) {
        setIv(ssrc, index);
        int indexAt = off + len - SrtpProfile.SRTCP_INDEX_LENGTH;
        System.arraycopy(buf, off, rtcpAad, 0, RTCP_HEADER_LENGTH);
        System.arraycopy(buf, indexAt, rtcpAad, RTCP_HEADER_LENGTH, SrtpProfile.SRTCP_INDEX_LENGTH);
        int textLength = len - RTCP_HEADER_LENGTH - AesGcm.TAG_LENGTH - SrtpProfile.SRTCP_INDEX_LENGTH;
        if (!gcm.open(iv, 0, rtcpAad, 0, rtcpAad.length, buf, off + RTCP_HEADER_LENGTH, textLength)) {
            return SrtpError.AUTH_FAILED;
        }
        return RTCP_HEADER_LENGTH + textLength;
    }

    @Override
    int rtcpIndexOffset(int protectedLength) {
        return protectedLength - SrtpProfile.SRTCP_INDEX_LENGTH;
    }

    /** True if the previous encryption used this IV; otherwise remembers it as the previous one. */
    private boolean reusesIv(int ssrc, long index) {
        if (sealedAny && ssrc == lastSealedSsrc && index == lastSealedIndex) {
            return true;
        }
        sealedAny = true;
        lastSealedSsrc = ssrc;
        lastSealedIndex = index;
        return false;
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
