package dev.osprey.webrtc.dtls;

import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;

/**
 * The DTLS client side: offers the configured SRTP profiles and checks the one the server chose, authenticates the
 * server by its SDP fingerprint and presents our certificate when asked. What both roles share is in
 * {@link SrtpDtlsHandshake}.
 */
final class SrtpDtlsClient extends DefaultTlsClient {
    private final SrtpDtlsHandshake handshake;

    SrtpDtlsClient(SrtpDtlsHandshake handshake) {
        super(SharedCrypto.CRYPTO);
        this.handshake = handshake;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(handshake.srtpProfiles(), TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData chosen = serverExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        if (chosen == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "server did not accept use_srtp");
        }
        int[] profiles = chosen.getProtectionProfiles();
        if (profiles.length != 1 || DtlsSrtpProfile.select(handshake.srtpProfiles(), profiles) < 0) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server chose an SRTP profile we did not offer");
        }
        if (chosen.getMki().length != 0) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server sent an MKI we did not offer");
        }
        handshake.selectProfile(profiles[0]);
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                handshake.verifyPeer(serverCertificate.getCertificate());
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest certificateRequest) {
                return handshake.localSigner(context);
            }
        };
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
    }
}
