package dev.osprey.webrtc.srtp;

/**
 * The SRTP protection profiles Osprey negotiates through DTLS-SRTP (RFC 5764 §4.1.2, RFC 7714 §14.2).
 */
public enum SrtpProfile {
    /** AES-128 counter mode with a 80-bit HMAC-SHA1 tag (RFC 3711). */
    AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14, 10, 20),
    /** AES-128 GCM with a 128-bit tag (RFC 7714). */
    AEAD_AES_128_GCM(0x0007, 16, 12, 16, 0);

    /**
     * Spare bytes a caller must leave after a packet's {@code len} for any protect call:
     * the largest trailer is SRTCP with AES-GCM (16-byte tag + 4-byte E flag and SRTCP index).
     */
    public static final int MAX_TRAILER = 20;

    /** Bytes of the E flag + SRTCP index word every SRTCP packet carries. */
    static final int SRTCP_INDEX_LENGTH = 4;

    private final int id;
    private final int keyLength;
    private final int saltLength;
    private final int tagLength;
    private final int authKeyLength;

    SrtpProfile(int id, int keyLength, int saltLength, int tagLength, int authKeyLength) {
        this.id = id;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.tagLength = tagLength;
        this.authKeyLength = authKeyLength;
    }

    /**
     * The profile with a DTLS-SRTP protection profile id.
     *
     * @throws IllegalArgumentException if the id names no profile Osprey supports
     */
    public static SrtpProfile fromId(int id) {
        for (SrtpProfile profile : values()) {
            if (profile.id == id) {
                return profile;
            }
        }
        throw new IllegalArgumentException("unsupported SRTP protection profile 0x" + Integer.toHexString(id));
    }

    /** DTLS-SRTP protection profile id (RFC 5764 use_srtp extension). */
    public int id() {
        return id;
    }

    /** Master (and session) key length in bytes. */
    public int keyLength() {
        return keyLength;
    }

    /** Master (and session) salt length in bytes. */
    public int saltLength() {
        return saltLength;
    }

    /** Authentication tag length in bytes, for SRTP and SRTCP alike. */
    public int tagLength() {
        return tagLength;
    }

    /** Session authentication key length in bytes; 0 when the cipher authenticates itself (AEAD). */
    int authKeyLength() {
        return authKeyLength;
    }

    /** Bytes protectRtp appends. */
    public int rtpTrailerLength() {
        return tagLength;
    }

    /** Bytes protectRtcp appends. */
    public int rtcpTrailerLength() {
        return tagLength + SRTCP_INDEX_LENGTH;
    }
}
