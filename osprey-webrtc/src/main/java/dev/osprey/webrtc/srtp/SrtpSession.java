package dev.osprey.webrtc.srtp;

import java.util.Arrays;

/**
 * Both directions of a DTLS-SRTP association: an outbound context keyed with this endpoint's
 * write key and an inbound one keyed with the peer's. Same buffer contract as {@link SrtpContext};
 * not thread-safe.
 */
public final class SrtpSession {
    private final SrtpContext outbound;
    private final SrtpContext inbound;

    public SrtpSession(SrtpContext outbound, SrtpContext inbound) {
        if (outbound.profile() != inbound.profile()) {
            throw new IllegalArgumentException("both directions must use one profile");
        }
        this.outbound = outbound;
        this.inbound = inbound;
    }

    /** Bytes of keying material to export from DTLS ("EXTRACTOR-dtls_srtp") for {@code profile}. */
    public static int keyingMaterialLength(SrtpProfile profile) {
        return 2 * (profile.keyLength() + profile.saltLength());
    }

    /**
     * Splits exported keying material (RFC 5764 §4.2: client key, server key, client salt, server
     * salt) and builds both directions.
     *
     * @param localIsClient whether this endpoint was the DTLS client
     */
    public static SrtpSession fromDtlsKeyingMaterial(SrtpProfile profile, byte[] material, boolean localIsClient) {
        return fromDtlsKeyingMaterial(profile, material, localIsClient, SrtpContext.DEFAULT_REPLAY_WINDOW);
    }

    public static SrtpSession fromDtlsKeyingMaterial(SrtpProfile profile, byte[] material, boolean localIsClient,
                                                     int replayWindow) {
        int keyLength = profile.keyLength();
        int saltLength = profile.saltLength();
        if (material.length != keyingMaterialLength(profile)) {
            throw new IllegalArgumentException(profile + " needs " + keyingMaterialLength(profile)
                    + " bytes of keying material, got " + material.length);
        }
        byte[] clientKey = Arrays.copyOfRange(material, 0, keyLength);
        byte[] serverKey = Arrays.copyOfRange(material, keyLength, 2 * keyLength);
        byte[] clientSalt = Arrays.copyOfRange(material, 2 * keyLength, 2 * keyLength + saltLength);
        byte[] serverSalt = Arrays.copyOfRange(material, 2 * keyLength + saltLength, material.length);
        SrtpContext client = new SrtpContext(profile, clientKey, clientSalt, replayWindow);
        SrtpContext server = new SrtpContext(profile, serverKey, serverSalt, replayWindow);
        return localIsClient ? new SrtpSession(client, server) : new SrtpSession(server, client);
    }

    public SrtpProfile profile() {
        return outbound.profile();
    }

    public SrtpContext outbound() {
        return outbound;
    }

    public SrtpContext inbound() {
        return inbound;
    }

    /** See {@link SrtpContext#protectRtp}. */
    public int protectRtp(byte[] buf, int off, int len) {
        return outbound.protectRtp(buf, off, len);
    }

    /** See {@link SrtpContext#unprotectRtp}. */
    public int unprotectRtp(byte[] buf, int off, int len) {
        return inbound.unprotectRtp(buf, off, len);
    }

    /** See {@link SrtpContext#protectRtcp}. */
    public int protectRtcp(byte[] buf, int off, int len) {
        return outbound.protectRtcp(buf, off, len);
    }

    /** See {@link SrtpContext#unprotectRtcp}. */
    public int unprotectRtcp(byte[] buf, int off, int len) {
        return inbound.unprotectRtcp(buf, off, len);
    }
}
