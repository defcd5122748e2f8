package dev.osprey.webrtc.dtls;

import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.TlsFatalAlert;

/**
 * Authenticates the peer the WebRTC way (RFC 8827 section 6.5): its end-entity certificate must hash to the
 * fingerprint its SDP announced. The handshake itself proves possession of the matching private key.
 */
final class PeerCertificateCheck {
    private PeerCertificateCheck() {
    }

    static void verify(Certificate chain, DtlsFingerprint expected) throws IOException {
        if (chain == null || chain.isEmpty()) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "peer sent no certificate");
        }
        if (!expected.matches(chain.getCertificateAt(0).getEncoded())) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate,
                    "peer certificate does not match the SDP fingerprint " + expected.algorithm());
        }
    }
}
