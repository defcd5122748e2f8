package dev.osprey.webrtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DtlsFingerprintTest {
    private static final String CHROME_STYLE =
            "sha-256 0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9:0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9";

    @Test
    void formatsSha256AsSdpValue() throws Exception {
        byte[] der = "certificate bytes".getBytes(StandardCharsets.US_ASCII);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(der);
        DtlsFingerprint fingerprint = DtlsFingerprint.sha256(der);

        StringBuilder expected = new StringBuilder("sha-256 ");
        for (int i = 0; i < digest.length; i++) {
            expected.append(i == 0 ? "" : ":").append(String.format("%02X", digest[i] & 0xFF));
        }
        assertThat(fingerprint.toSdpValue()).isEqualTo(expected.toString()).hasSize(8 + 95);
        assertThat(fingerprint.algorithm()).isEqualTo("sha-256");
        assertThat(fingerprint.digest()).isEqualTo(digest);
        assertThat(fingerprint.matches(der)).isTrue();
        assertThat(fingerprint.matches("other".getBytes(StandardCharsets.US_ASCII))).isFalse();
    }

    @Test
    void parsesWhatItFormatsAndIgnoresCase() {
        DtlsFingerprint parsed = DtlsFingerprint.parse(CHROME_STYLE);
        assertThat(parsed.toSdpValue()).isEqualTo(CHROME_STYLE);
        assertThat(DtlsFingerprint.parse("  SHA-256 " + CHROME_STYLE.substring(8).toLowerCase() + "\r\n"))
                .isEqualTo(parsed)
                .hasSameHashCodeAs(parsed);
        assertThat(parsed.digest()[0]).isEqualTo((byte) 0x0A);
        assertThat(parsed.digest()[31]).isEqualTo((byte) 0xF9);
    }

    @Test
    void parsesOtherRfc8122Hashes() {
        String sha1 = "sha-1 " + "AB:".repeat(19) + "AB";
        assertThat(DtlsFingerprint.parse(sha1).digest()).hasSize(20);
        assertThat(DtlsFingerprint.parse("sha-512 " + "01:".repeat(63) + "01").digest()).hasSize(64);
    }

    @Test
    void matchesUsesTheParsedHash() throws Exception {
        byte[] der = {1, 2, 3};
        byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(der);
        StringBuilder value = new StringBuilder("sha-1 ");
        for (int i = 0; i < sha1.length; i++) {
            value.append(i == 0 ? "" : ":").append(String.format("%02x", sha1[i] & 0xFF));
        }
        assertThat(DtlsFingerprint.parse(value.toString()).matches(der)).isTrue();
    }

    @Test
    void rejectsMalformedValuesWithTheParseException() {
        for (String bad : new String[] {
            null, "", "sha-256", "sha-256 ", "md5 AB:CD", "sha-256 AB:CD",
            CHROME_STYLE.replace(':', '-'), CHROME_STYLE.substring(0, CHROME_STYLE.length() - 1) + "G",
            CHROME_STYLE + ":00", CHROME_STYLE.replace("0A:1B", "0A1B:"), "sha-256\t" + CHROME_STYLE.substring(8)
        }) {
            assertThatThrownBy(() -> DtlsFingerprint.parse(bad))
                    .as(String.valueOf(bad))
                    .isInstanceOf(InvalidFingerprintException.class);
        }
    }

    @Test
    void fuzzedInputOnlyEverThrowsTheParseException() {
        Random random = new Random(1234);
        String alphabet = "sha-256 SHA0123456789abcdefABCDEFG:: \t\u00e9\u0000";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder(i % 3 == 0 ? "sha-256 " : "");
            int length = random.nextInt(110);
            for (int j = 0; j < length; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                DtlsFingerprint parsed = DtlsFingerprint.parse(sb.toString());
                assertThat(DtlsFingerprint.parse(parsed.toSdpValue())).isEqualTo(parsed);
            } catch (InvalidFingerprintException expected) {
                // the documented outcome for bad input
            }
        }
    }
}
