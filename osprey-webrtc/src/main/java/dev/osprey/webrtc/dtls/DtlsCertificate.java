package dev.osprey.webrtc.dtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCertificate;

/**
 * The local DTLS identity: an ECDSA P-256 key pair and a self-signed X.509 certificate.
 * WebRTC peers authenticate certificates by the SDP fingerprint only, so no CA is involved.
 */
public final class DtlsCertificate {
    private static final Duration VALIDITY = Duration.ofDays(365);
    // ECDSA with SHA-256 (0x0403): offered by every browser for DTLS 1.2.
    private static final SignatureAndHashAlgorithm SIGNATURE_ALGORITHM =
            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    private final AsymmetricKeyParameter privateKey;
    private final byte[] derEncoded;
    private final Certificate chain;
    private final DtlsFingerprint fingerprint;

    private DtlsCertificate(AsymmetricKeyParameter privateKey, byte[] derEncoded) throws IOException {
        this.privateKey = privateKey;
        this.derEncoded = derEncoded;
        this.chain = new Certificate(new TlsCertificate[] {new BcTlsCertificate(SharedCrypto.CRYPTO, derEncoded)});
        this.fingerprint = DtlsFingerprint.sha256(derEncoded);
    }

    /** Generates a fresh key pair and self-signed certificate (a few milliseconds). */
    public static DtlsCertificate generate() {
        // A named-curve domain makes the public key carry the P-256 OID, which browsers require.
        ECNamedDomainParameters p256 = ECNamedDomainParameters.lookup(SECObjectIdentifiers.secp256r1);
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(p256, SharedCrypto.RANDOM));
        AsymmetricCipherKeyPair keyPair = generator.generateKeyPair();
        try {
            SubjectPublicKeyInfo publicKeyInfo =
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(keyPair.getPublic());
            X500Name name = new X500Name("CN=osprey");
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                    name,
                    new BigInteger(63, SharedCrypto.RANDOM).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(VALIDITY)),
                    name,
                    publicKeyInfo);
            AlgorithmIdentifier signatureAlgorithm =
                    new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
            AlgorithmIdentifier digestAlgorithm =
                    new DefaultDigestAlgorithmIdentifierFinder().find(signatureAlgorithm);
            X509CertificateHolder holder = builder.build(
                    new BcECContentSignerBuilder(signatureAlgorithm, digestAlgorithm).build(keyPair.getPrivate()));
            return new DtlsCertificate(keyPair.getPrivate(), holder.getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a self-signed certificate", e);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("ECDSA signer unavailable", e);
        }
    }

    /** The process-wide certificate, generated on first use. */
    public static DtlsCertificate processDefault() {
        return ProcessDefault.INSTANCE;
    }

    /** SHA-256 fingerprint of this certificate, for the local SDP {@code a=fingerprint} line. */
    public DtlsFingerprint fingerprint() {
        return fingerprint;
    }

    /** The DER encoding of the certificate. */
    public byte[] derEncoded() {
        return derEncoded.clone();
    }

    /** Credentials that sign this endpoint's handshake messages with the private key. */
    TlsCredentialedSigner signer(TlsContext context) {
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), SharedCrypto.CRYPTO,
                privateKey, chain, SIGNATURE_ALGORITHM);
    }

    private static final class ProcessDefault {
        static final DtlsCertificate INSTANCE = generate();
    }
}
