package dev.osprey.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Application settings read through the server API never show a secret, and writing them back keeps it. */
class SettingsSecretsTest {

    private static final String JWT_KEY = "0123456789abcdef0123456789abcdef";
    private static final String SETTINGS = "/rest/v2/applications/settings/WebRTCAppEE";

    @TempDir
    static Path dir;
    static RestTestServer server;

    @BeforeAll
    static void start() {
        server = new RestTestServer(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static int countWithJwt(String key) throws Exception {
        String token = AccessControlTest.jwt("{\"alg\":\"HS256\"}", "{\"exp\":" + (System.currentTimeMillis() / 1000 + 60) + "}", key);
        return server.send("GET", "/WebRTCAppEE/rest/v2/broadcasts/count", null, "Authorization", token).status();
    }

    @Test
    void settingsNeverShowASecretAndTheMaskPostedBackKeepsIt() throws Exception {
        assertThat(server.adminPost(SETTINGS, "{\"jwtControlEnabled\":true,\"jwtSecretKey\":\"" + JWT_KEY + "\","
                + "\"tokenHashSecret\":\"hash-secret-1\",\"timeTokenSecretForPlay\":\"totp-secret-2\","
                + "\"s3SecretKey\":\"s3-secret-3\",\"turnServerPassword\":\"turn-pw-4\",\"jwtStreamSecretKey\":\"\","
                + "\"publishTokenControlEnabled\":true}").status()).isEqualTo(200);
        try {
            RestTestServer.Reply read = server.adminGet(SETTINGS);
            for (String secret : new String[]{JWT_KEY, "hash-secret-1", "totp-secret-2", "s3-secret-3", "turn-pw-4"}) {
                assertThat(read.body()).doesNotContain(secret);
            }
            JsonNode settings = read.json();
            for (String field : new String[]{"jwtSecretKey", "tokenHashSecret", "timeTokenSecretForPlay", "s3SecretKey",
                    "turnServerPassword"}) {
                assertThat(settings.get(field).asText()).as(field).isEqualTo(SettingsSecrets.MASK);
            }
            assertThat(settings.get("jwtStreamSecretKey").asText()).isEmpty(); // not set: nothing to hide
            assertThat(settings.get("publishTokenControlEnabled").asBoolean()).isTrue();
            assertThat(countWithJwt(JWT_KEY)).isEqualTo(200);

            // Read, change one thing, write back: the secrets are still the stored ones.
            ObjectNode changed = (ObjectNode) settings;
            changed.put("webhookRetryCount", 2);
            assertThat(server.adminPost(SETTINGS, changed.toString()).status()).isEqualTo(200);
            JsonNode after = server.adminGet(SETTINGS).json();
            assertThat(after.get("webhookRetryCount").asInt()).isEqualTo(2);
            assertThat(after.get("s3SecretKey").asText()).isEqualTo(SettingsSecrets.MASK);
            assertThat(countWithJwt(JWT_KEY)).isEqualTo(200);

            // A new value replaces the secret.
            String newKey = "fedcba9876543210fedcba9876543210";
            changed.put("jwtSecretKey", newKey);
            assertThat(server.adminPost(SETTINGS, changed.toString()).status()).isEqualTo(200);
            assertThat(countWithJwt(JWT_KEY)).isEqualTo(403);
            assertThat(countWithJwt(newKey)).isEqualTo(200);
        } finally {
            server.adminPost(SETTINGS, "{}");
        }
    }
}
