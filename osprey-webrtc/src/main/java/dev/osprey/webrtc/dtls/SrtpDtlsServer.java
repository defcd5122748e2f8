package dev.osprey.webrtc.dtls;

import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DTLS server side: DTLS 1.2 only (bctls would otherwise pick a TLS or DTLS 1.3 version browsers reject),
 * requests the client's certificate and checks it against the SDP fingerprint, picks one SRTP profile.
 */
final class SrtpDtlsServer extends DefaultTlsServer {
    private static final Logger LOG = LoggerFactory.getLogger(SrtpDtlsServer.class);

    private final DtlsCertificate localCertificate;
    private final DtlsFingerprint remoteFingerprint;
    private final DtlsConfig config;
    private int selectedProfile = -1;
    private DtlsSrtpKeys srtpKeys;
    private int cipherSuite = -1;

    SrtpDtlsServer(DtlsCertificate localCertificate, DtlsFingerprint remoteFingerprint, DtlsConfig config) {
        super(SharedCrypto.CRYPTO);
        this.localCertificate = localCertificate;
        this.remoteFingerprint = remoteFingerprint;
        this.config = config;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return CipherSuitesOffered.get();
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return config.handshakeTimeoutMillis();
    }

    @Override
    public int getHandshakeResendTimeMillis() {
        return config.initialRetransmitMillis();
    }

    @Override
    public boolean requiresExtendedMasterSecret() {
        return true;
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() {
        return localCertificate.signer(context);
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        return new CertificateRequest(types, TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        PeerCertificateCheck.verify(clientCertificate, remoteFingerprint);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "client did not offer use_srtp");
        }
        selectedProfile = DtlsSrtpProfile.select(config.srtpProfiles(), offered.getProtectionProfiles());
        if (selectedProfile < 0) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no common SRTP protection profile");
        }
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        // Exactly one profile and an empty MKI, as RFC 5764 section 4.1.1 requires of the server.
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {selectedProfile}, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
        LOG.debug("DTLS server raised {}: {}", AlertDescription.getText(description), message);
    }

    @Override
    public void notifyAlertReceived(short level, short description) {
        LOG.debug("DTLS server received {}", AlertDescription.getText(description));
    }

    /** bctls only allows exporting keying material from inside this callback. */
    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        byte[] material = context.exportKeyingMaterial(DtlsSrtpKeys.EXPORTER_LABEL, null,
                DtlsSrtpProfile.keyingMaterialLength(selectedProfile));
        srtpKeys = DtlsSrtpKeys.fromKeyingMaterial(selectedProfile, material, DtlsRole.SERVER);
        cipherSuite = context.getSecurityParametersConnection().getCipherSuite();
    }

    /** The SRTP keys of the completed handshake. */
    DtlsSrtpKeys srtpKeys() {
        return srtpKeys;
    }

    int negotiatedCipherSuite() {
        return cipherSuite;
    }
}
