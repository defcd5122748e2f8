package dev.osprey.webrtc.dtls;

import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.TlsUtils;

/** The cipher suites both roles use: ECDHE with our ECDSA certificate, AES-GCM first, AES-CBC for older peers. */
final class CipherSuitesOffered {
    private static final int[] SUITES = TlsUtils.getSupportedCipherSuites(SharedCrypto.CRYPTO, new int[] {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    });

    private CipherSuitesOffered() {
    }

    static int[] get() {
        return SUITES.clone();
    }
}
