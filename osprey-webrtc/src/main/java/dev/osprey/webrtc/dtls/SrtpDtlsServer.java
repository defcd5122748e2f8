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

/**
 * The DTLS server side: requests the client's certificate and checks it against the SDP fingerprint, picks one
 * SRTP profile. What both roles share is in {@link SrtpDtlsHandshake}.
 */
final class SrtpDtlsServer extends DefaultTlsServer {
    private final SrtpDtlsHandshake handshake;

    SrtpDtlsServer(SrtpDtlsHandshake handshake) {
        super(SharedCrypto.CRYPTO);
        this.handshake = handshake;
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() {
        return handshake.localSigner(context);
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        return new CertificateRequest(types, TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        handshake.verifyPeer(clientCertificate);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "client did not offer use_srtp");
        }
        int selected = DtlsSrtpProfile.select(handshake.srtpProfiles(), offered.getProtectionProfiles());
        if (selected < 0) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no common SRTP protection profile");
        }
        handshake.selectProfile(selected);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        // Exactly one profile and an empty MKI, as RFC 5764 section 4.1.1 requires of the server.
        TlsSRTPUtils.addUseSRTPExtension(extensions,
                new UseSRTPData(new int[] {handshake.selectedProfile()}, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    // What both roles share, from SrtpDtlsHandshake.

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return handshake.supportedVersions();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return handshake.supportedCipherSuites();
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return handshake.handshakeTimeoutMillis();
    }

    @Override
    public int getHandshakeResendTimeMillis() {
        return handshake.handshakeResendTimeMillis();
    }

    @Override
    public boolean requiresExtendedMasterSecret() {
        return handshake.requiresExtendedMasterSecret();
    }

    @Override
    public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
        handshake.alertRaised(description, message);
    }

    @Override
    public void notifyAlertReceived(short level, short description) {
        handshake.alertReceived(description);
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        handshake.complete(context);
        // Only the handshake reads the hello extensions (DTLS-SRTP has no renegotiation), and the
        // endpoint keeps this object for the connection's life: ~1 KB per viewer let go.
        clientExtensions = null;
        serverExtensions.clear();
    }
}
