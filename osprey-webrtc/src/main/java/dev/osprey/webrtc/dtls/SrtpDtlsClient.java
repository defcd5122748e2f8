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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DTLS client side: DTLS 1.2 only, offers the configured SRTP profiles, authenticates the server by its
 * SDP fingerprint and presents our certificate when asked.
 */
final class SrtpDtlsClient extends DefaultTlsClient {
    private static final Logger LOG = LoggerFactory.getLogger(SrtpDtlsClient.class);

    private final DtlsCertificate localCertificate;
    private final DtlsFingerprint remoteFingerprint;
    private final DtlsConfig config;
    private int selectedProfile = -1;
    private DtlsSrtpKeys srtpKeys;
    private int cipherSuite = -1;

    SrtpDtlsClient(DtlsCertificate localCertificate, DtlsFingerprint remoteFingerprint, DtlsConfig config) {
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
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(config.srtpProfiles(), TlsUtils.EMPTY_BYTES));
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
        if (profiles.length != 1 || DtlsSrtpProfile.select(config.srtpProfiles(), profiles) < 0) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server chose an SRTP profile we did not offer");
        }
        if (chosen.getMki().length != 0) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server sent an MKI we did not offer");
        }
        selectedProfile = profiles[0];
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                PeerCertificateCheck.verify(serverCertificate.getCertificate(), remoteFingerprint);
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest certificateRequest) {
                return localCertificate.signer(context);
            }
        };
    }

    @Override
    public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
        LOG.debug("DTLS client raised {}: {}", AlertDescription.getText(description), message);
    }

    @Override
    public void notifyAlertReceived(short level, short description) {
        LOG.debug("DTLS client received {}", AlertDescription.getText(description));
    }

    /** bctls only allows exporting keying material from inside this callback. */
    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        byte[] material = context.exportKeyingMaterial(DtlsSrtpKeys.EXPORTER_LABEL, null,
                DtlsSrtpProfile.keyingMaterialLength(selectedProfile));
        srtpKeys = DtlsSrtpKeys.fromKeyingMaterial(selectedProfile, material, DtlsRole.CLIENT);
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
