package dev.osprey.webrtc.dtls;

/**
 * SRTP master keys and salts exported from a DTLS session, already oriented for this endpoint:
 * {@code local*} protects what we send, {@code remote*} unprotects what the peer sends.
 *
 * @param profileId the negotiated RFC 5764 profile id (see {@link DtlsSrtpProfile})
 */
public record DtlsSrtpKeys(int profileId, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt) {

    static final String EXPORTER_LABEL = "EXTRACTOR-dtls_srtp";

    /**
     * Splits exported keying material per RFC 5764 section 4.2: client write key, server write key,
     * client write salt, server write salt.
     */
    static DtlsSrtpKeys fromKeyingMaterial(int profileId, byte[] material, DtlsRole role) {
        int keyLength = DtlsSrtpProfile.masterKeyLength(profileId);
        int saltLength = DtlsSrtpProfile.masterSaltLength(profileId);
        if (material.length != 2 * (keyLength + saltLength)) {
            throw new IllegalArgumentException("keying material has " + material.length + " bytes");
        }
        byte[] clientKey = slice(material, 0, keyLength);
        byte[] serverKey = slice(material, keyLength, keyLength);
        byte[] clientSalt = slice(material, 2 * keyLength, saltLength);
        byte[] serverSalt = slice(material, 2 * keyLength + saltLength, saltLength);
        return role == DtlsRole.CLIENT
                ? new DtlsSrtpKeys(profileId, clientKey, clientSalt, serverKey, serverSalt)
                : new DtlsSrtpKeys(profileId, serverKey, serverSalt, clientKey, clientSalt);
    }

    private static byte[] slice(byte[] source, int offset, int length) {
        byte[] out = new byte[length];
        System.arraycopy(source, offset, out, 0, length);
        return out;
    }

    /** Never prints key material. */
    @Override
    public String toString() {
        return "DtlsSrtpKeys[" + DtlsSrtpProfile.name(profileId) + "]";
    }
}
