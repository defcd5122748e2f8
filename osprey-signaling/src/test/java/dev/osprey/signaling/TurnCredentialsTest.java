package dev.osprey.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** With a shared secret every connection gets its own TURN REST API credentials (coturn's use-auth-secret). */
class TurnCredentialsTest {

    private static final String SECRET = "north-wind-7";
    private static final long TTL = 3_600;

    private final SignalingApplication app = new SignalingApplication("LiveApp",
            new SignalingConfig("turn:turn.example.org:3478", "", "", 1_000).withTurnSharedSecret(SECRET, TTL));

    private static JsonNode iceServerConfig(Client client) {
        client.send("{'command':'getIceServerConfig'}");
        JsonNode config = client.single();
        assertThat(config.get("command").asText()).isEqualTo("iceServerConfig");
        assertThat(config.get("stunServerUri").asText()).isEqualTo("turn:turn.example.org:3478");
        return config;
    }

    /** What coturn computes for a user name: base64(HMAC-SHA1(secret, user name)). */
    private static String expectedPassword(String username) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theCredentialIsTheHmacOfTheUserNameAndExpiresAfterTheTtl() throws Exception {
        long before = System.currentTimeMillis() / 1000;
        JsonNode config = iceServerConfig(new Client(app, "a:1"));
        long after = System.currentTimeMillis() / 1000;

        String username = config.get("turnServerUsername").asText();
        assertThat(username).matches("\\d+:[A-Za-z0-9]+");
        long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
        assertThat(expiry).isBetween(before + TTL, after + TTL);
        assertThat(config.get("turnServerCredential").asText()).isEqualTo(expectedPassword(username));
    }

    @Test
    void twoConnectionsGetDifferentUserNamesAndOneConnectionKeepsItsId() {
        Client first = new Client(app, "a:1");
        Client second = new Client(app, "b:1");
        String firstName = iceServerConfig(first).get("turnServerUsername").asText();
        String secondName = iceServerConfig(second).get("turnServerUsername").asText();
        String firstAgain = iceServerConfig(first).get("turnServerUsername").asText();

        assertThat(firstName).isNotEqualTo(secondName);
        assertThat(firstAgain.substring(firstAgain.indexOf(':'))).isEqualTo(firstName.substring(firstName.indexOf(':')));
    }

    @Test
    void withoutASecretTheStaticPairIsHandedOut() {
        SignalingApplication plain = new SignalingApplication("LiveApp",
                new SignalingConfig("turn:turn.example.org:3478", "user", "pass", 1_000));
        JsonNode config = iceServerConfig(new Client(plain, "a:1"));
        assertThat(config.get("turnServerUsername").asText()).isEqualTo("user");
        assertThat(config.get("turnServerCredential").asText()).isEqualTo("pass");
    }

    @Test
    void theSecretStaysOutOfTheConfigsText() {
        assertThat(app.config().toString()).doesNotContain(SECRET);
        assertThat(TurnCredentials.issue(SECRET, TTL, 0, "x").toString()).doesNotContain(
                TurnCredentials.issue(SECRET, TTL, 0, "x").credential());
    }
}
