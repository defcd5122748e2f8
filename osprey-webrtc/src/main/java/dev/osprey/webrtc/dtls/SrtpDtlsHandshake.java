package dev.osprey.webrtc.dtls;

import java.io.IOException;
import java.util.Locale;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the client and the server side of one DTLS-SRTP handshake share: the settings both apply, our certificate,
 * the check of the peer's against its SDP fingerprint, the SRTP profile agreed, and the keys exported when the
 * handshake completes. bctls's {@code DefaultTlsClient} and {@code DefaultTlsServer} meet only in
 * {@code AbstractTlsPeer}, so {@link SrtpDtlsClient} and {@link SrtpDtlsServer} cannot share a base class: they
 * delegate to this instead and keep only what their role does differently. {@link DtlsEndpoint} reads the outcome.
 *
 * <p>Used on the endpoint's DTLS thread only: bctls calls the client or server there during the handshake.
 */
final class SrtpDtlsHandshake {
    private static final Logger LOG = LoggerFactory.getLogger(SrtpDtlsHandshake.class);

    private final DtlsRole role;
    private final DtlsCertificate localCertificate;
    private final DtlsFingerprint remoteFingerprint;
    private final DtlsConfig config;
    private int selectedProfile = -1;
    private DtlsSrtpKeys srtpKeys;
    private int cipherSuite = -1;

    SrtpDtlsHandshake(DtlsRole role, DtlsCertificate localCertificate, DtlsFingerprint remoteFingerprint,
                      DtlsConfig config) {
        this.role = role;
        this.localCertificate = localCertificate;
        this.remoteFingerprint = remoteFingerprint;
        this.config = config;
    }

    /** DTLS 1.2 only: bctls would otherwise offer or pick TLS or DTLS 1.3 versions browsers reject. */
    ProtocolVersion[] supportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    int[] supportedCipherSuites() {
        return CipherSuitesOffered.get();
    }

    /** bctls's default is to wait forever. */
    int handshakeTimeoutMillis() {
        return config.handshakeTimeoutMillis();
    }

    int handshakeResendTimeMillis() {
        return config.initialRetransmitMillis();
    }

    /** RFC 7627; browsers all support it. */
    boolean requiresExtendedMasterSecret() {
        return true;
    }

    /** The SRTP profiles we offer (client) or accept (server), most preferred first. */
    int[] srtpProfiles() {
        return config.srtpProfiles();
    }

    void selectProfile(int profile) {
        selectedProfile = profile;
    }

    /** The agreed SRTP profile, or -1 before use_srtp was negotiated. */
    int selectedProfile() {
        return selectedProfile;
    }

    /** Our certificate, to present as server or when the server asks the client for one. */
    TlsCredentialedSigner localSigner(TlsContext context) {
        return localCertificate.signer(context);
    }

    /** Authenticates the peer: its certificate must match the fingerprint of its SDP. */
    void verifyPeer(Certificate peerChain) throws IOException {
        PeerCertificateCheck.verify(peerChain, remoteFingerprint);
    }

    void alertRaised(short description, String message) {
        LOG.debug("DTLS {} raised {}: {}", side(), AlertDescription.getText(description), message);
    }

    void alertReceived(short description) {
        LOG.debug("DTLS {} received {}", side(), AlertDescription.getText(description));
    }

    /** The handshake completed: exports the SRTP keys, which bctls only allows from inside that callback. */
    void complete(TlsContext context) throws IOException {
        byte[] material = context.exportKeyingMaterial(DtlsSrtpKeys.EXPORTER_LABEL, null,
                DtlsSrtpProfile.keyingMaterialLength(selectedProfile));
        srtpKeys = DtlsSrtpKeys.fromKeyingMaterial(selectedProfile, material, role);
        cipherSuite = context.getSecurityParametersConnection().getCipherSuite();
    }

    /** The SRTP keys of the completed handshake, oriented for our role. */
    DtlsSrtpKeys srtpKeys() {
        return srtpKeys;
    }

    int negotiatedCipherSuite() {
        return cipherSuite;
    }

    private String side() {
        return role.name().toLowerCase(Locale.ROOT);
    }
}
