package dev.osprey.webrtc.dtls;

/**
 * The SRTP protection profiles this stack negotiates in use_srtp (RFC 5764 section 4.1.2, RFC 7714),
 * identified by their registered 16-bit ids, with the master key and salt sizes the keying material is cut into.
 */
public final class DtlsSrtpProfile {
    /** SRTP_AES128_CM_HMAC_SHA1_80: 128-bit key, 112-bit salt. */
    public static final int AES128_CM_HMAC_SHA1_80 = 0x0001;
    /** SRTP_AEAD_AES_128_GCM: 128-bit key, 96-bit salt. */
    public static final int AEAD_AES_128_GCM = 0x0007;

    private DtlsSrtpProfile() {
    }

    public static boolean isSupported(int profileId) {
        return profileId == AES128_CM_HMAC_SHA1_80 || profileId == AEAD_AES_128_GCM;
    }

    public static int masterKeyLength(int profileId) {
        return switch (profileId) {
            case AES128_CM_HMAC_SHA1_80, AEAD_AES_128_GCM -> 16;
            default -> throw unsupported(profileId);
        };
    }

    public static int masterSaltLength(int profileId) {
        return switch (profileId) {
            case AES128_CM_HMAC_SHA1_80 -> 14;
            case AEAD_AES_128_GCM -> 12;
            default -> throw unsupported(profileId);
        };
    }

    /** Bytes to export from the DTLS session: a key and a salt for each direction. */
    public static int keyingMaterialLength(int profileId) {
        return 2 * (masterKeyLength(profileId) + masterSaltLength(profileId));
    }

    public static String name(int profileId) {
        return switch (profileId) {
            case AES128_CM_HMAC_SHA1_80 -> "SRTP_AES128_CM_HMAC_SHA1_80";
            case AEAD_AES_128_GCM -> "SRTP_AEAD_AES_128_GCM";
            default -> String.format("0x%04x", profileId);
        };
    }

    /**
     * The first profile of {@code preferred} that the peer also offered, or -1 if none is common.
     * The local order wins so that GCM is chosen whenever the peer can do it.
     */
    static int select(int[] preferred, int[] offered) {
        for (int candidate : preferred) {
            for (int o : offered) {
                if (o == candidate) {
                    return candidate;
                }
            }
        }
        return -1;
    }

    private static IllegalArgumentException unsupported(int profileId) {
        return new IllegalArgumentException("unsupported SRTP profile " + name(profileId));
    }
}
