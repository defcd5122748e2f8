package dev.osprey.webrtc.dtls;

import java.security.SecureRandom;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.modes.AEADBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.gcm.BasicGCMMultiplier;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * BouncyCastle's TLS crypto with AES-GCM records hashed without lookup tables. The default GCM multiplier keeps
 * a 9 KB table per cipher, so every DTLS connection held 18 KB for its two record ciphers, which after the
 * handshake protect nothing but the rare data channel record and the closing alert; without the table a
 * 1,200-byte record costs about the same (the AES rounds dominate), measured with BouncyCastle 1.84.
 */
final class CompactTlsCrypto extends BcTlsCrypto {
    CompactTlsCrypto(SecureRandom random) {
        super(random);
    }

    @Override
    protected AEADBlockCipher createGCMMode(BlockCipher engine) {
        return GCMBlockCipher.newInstance(engine, new BasicGCMMultiplier());
    }
}
