package dev.osprey.webrtc.dtls;

import java.security.SecureRandom;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/** One BouncyCastle crypto provider for the process: it is stateless apart from its thread-safe SecureRandom. */
final class SharedCrypto {
    static final SecureRandom RANDOM = new SecureRandom();
    static final BcTlsCrypto CRYPTO = new CompactTlsCrypto(RANDOM);

    private SharedCrypto() {
    }
}
