package dev.osprey.webrtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.security.AlgorithmParameters;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import org.junit.jupiter.api.Test;

class DtlsCertificateTest {

    @Test
    void generatesSelfSignedEcdsaP256Certificate() throws Exception {
        DtlsCertificate certificate = DtlsCertificate.generate();
        X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate.derEncoded()));

        x509.verify(x509.getPublicKey());
        x509.checkValidity();
        assertThat(x509.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(x509.getSubjectX500Principal()).isEqualTo(x509.getIssuerX500Principal());
        ECPublicKey key = (ECPublicKey) x509.getPublicKey();
        AlgorithmParameters p256 = AlgorithmParameters.getInstance("EC");
        p256.init(new ECGenParameterSpec("secp256r1"));
        assertThat(key.getParams().getCurve()).isEqualTo(p256.getParameterSpec(ECParameterSpec.class).getCurve());
        // Named curve OID 1.2.840.10045.3.1.7 in the SubjectPublicKeyInfo, not explicit parameters.
        byte[] p256Oid = {0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x03, 0x01, 0x07};
        assertThat(indexOf(key.getEncoded(), p256Oid)).isNotNegative();
    }

    @Test
    void fingerprintIsSha256OfTheDer() throws Exception {
        DtlsCertificate certificate = DtlsCertificate.generate();
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(certificate.derEncoded());
        assertThat(certificate.fingerprint().digest()).isEqualTo(expected);
        assertThat(certificate.fingerprint().toSdpValue()).startsWith("sha-256 ");
        assertThat(DtlsFingerprint.parse(certificate.fingerprint().toSdpValue())).isEqualTo(certificate.fingerprint());
    }

    @Test
    void eachGenerationIsANewIdentityButTheProcessDefaultIsShared() {
        assertThat(DtlsCertificate.generate().fingerprint()).isNotEqualTo(DtlsCertificate.generate().fingerprint());
        assertThat(DtlsCertificate.processDefault()).isSameAs(DtlsCertificate.processDefault());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
