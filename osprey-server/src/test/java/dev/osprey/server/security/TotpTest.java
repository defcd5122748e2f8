package dev.osprey.server.security;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 6238 codes (its appendix B test vectors, cut to six digits) and RFC 4648 Base32 secrets. */
class TotpTest {

    private static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void codesMatchTheRfc6238TestVectors() {
        assertThat(Totp.code(RFC_KEY, 59, 30)).isEqualTo("287082");
        assertThat(Totp.code(RFC_KEY, 1111111109, 30)).isEqualTo("081804");
        assertThat(Totp.code(RFC_KEY, 1234567890, 30)).isEqualTo("005924");
        assertThat(Totp.code(RFC_KEY, 2000000000, 30)).isEqualTo("279037");
    }

    @Test
    void theCurrentAndThePreviousCodeVerifyButNotOlderOnesOrOthers() {
        long now = 1_700_000_000;
        assertThat(Totp.verify(RFC_KEY, Totp.code(RFC_KEY, now, 60), now, 60)).isTrue();
        assertThat(Totp.verify(RFC_KEY, Totp.code(RFC_KEY, now - 60, 60), now, 60)).isTrue();
        assertThat(Totp.verify(RFC_KEY, Totp.code(RFC_KEY, now - 120, 60), now, 60)).isFalse();
        assertThat(Totp.verify(RFC_KEY, "12345", now, 60)).isFalse();
        assertThat(Totp.verify(RFC_KEY, null, now, 60)).isFalse();
        assertThat(Totp.verify("other key".getBytes(StandardCharsets.US_ASCII), Totp.code(RFC_KEY, now, 60), now, 60))
                .isFalse();
    }

    @Test
    void base32RoundTripsAndMatchesTheRfc4648Vectors() {
        assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(new String(Base32.decode("MZXW6YTBOI======"), StandardCharsets.US_ASCII)).isEqualTo("foobar");
        assertThat(new String(Base32.decode("mzxw6ytb"), StandardCharsets.US_ASCII)).isEqualTo("fooba");
        assertThat(Base32.isValid("not base32!")).isFalse();
        assertThatThrownBy(() -> Base32.decode("A1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hashTokensAreTheSha256OfStreamRoleAndSecret() {
        String token = HashTokens.token("s1", "publish", "secret");
        assertThat(token).hasSize(64).isEqualTo(HashTokens.token("s1", "publish", "secret"));
        assertThat(HashTokens.isValid(token, "s1", "publish", "secret")).isTrue();
        assertThat(HashTokens.isValid(token.toUpperCase(), "s1", "publish", "secret")).isTrue();
        assertThat(HashTokens.isValid(token, "s1", "play", "secret")).isFalse();
        assertThat(HashTokens.isValid(token, "s2", "publish", "secret")).isFalse();
        assertThat(HashTokens.isValid(HashTokens.token("s1", "publish", ""), "s1", "publish", "")).isFalse();
    }
}
