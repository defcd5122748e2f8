package dev.osprey.webrtc.srtp;

/**
 * The per-packet cryptographic transform of one profile, keyed with one set of session keys
 * (RTP or RTCP). Works in place; callers have already parsed the headers, checked lengths and
 * computed the packet index. Not thread-safe: it reuses its Cipher and scratch arrays.
 */
abstract sealed class PacketCipher permits AesCmHmacCipher, AesGcmCipher {

    /** Length of an RTCP header left in the clear: V/P/RC, PT, length and sender SSRC. */
    static final int RTCP_HEADER_LENGTH = 8;

    /** @param forRtp RTP's cipher (many large packets) rather than RTCP's (few small ones) */
    static PacketCipher create(SrtpProfile profile, byte[] key, byte[] salt, byte[] authKey, boolean forRtp) {
        return switch (profile) {
            case AES_CM_128_HMAC_SHA1_80 -> new AesCmHmacCipher(key, salt, authKey, profile.tagLength());
            case AEAD_AES_128_GCM -> new AesGcmCipher(key, salt, profile.tagLength(), forRtp);
        };
    }

    /**
     * Encrypts the payload after {@code headerLength} and appends the tag.
     *
     * @param index the 48-bit packet index, ROC * 2^16 + SEQ
     * @return the protected length, or an {@link SrtpError} code
     */
    abstract int protectRtp(byte[] buf, int off, int headerLength, int len, int ssrc, long index);

    /**
     * Verifies the tag at the end of {@code len} bytes and decrypts the payload.
     *
     * @return the plaintext length, or {@link SrtpError#AUTH_FAILED}
     */
    abstract int unprotectRtp(byte[] buf, int off, int headerLength, int len, int ssrc, long index);

    /** Encrypts everything after the 8-byte RTCP header, appends E flag + index and the tag. */
    abstract int protectRtcp(byte[] buf, int off, int len, int ssrc, int index);

    /** Verifies and decrypts an SRTCP packet of {@code len} bytes including its trailer. */
    abstract int unprotectRtcp(byte[] buf, int off, int len, int ssrc, int index);

    /** Where, relative to the packet start, the E flag + SRTCP index word sits in a protected packet. */
    abstract int rtcpIndexOffset(int protectedLength);

    static void writeInt(byte[] buf, int pos, int value) {
        buf[pos] = (byte) (value >>> 24);
        buf[pos + 1] = (byte) (value >>> 16);
        buf[pos + 2] = (byte) (value >>> 8);
        buf[pos + 3] = (byte) value;
    }

    static int readInt(byte[] buf, int pos) {
        return (buf[pos] & 0xff) << 24 | (buf[pos + 1] & 0xff) << 16 | (buf[pos + 2] & 0xff) << 8 | buf[pos + 3] & 0xff;
    }
}
