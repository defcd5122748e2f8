package dev.osprey.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static dev.osprey.server.Json.object;
import static org.assertj.core.api.Assertions.assertThat;

/** The signalling's limits and TURN credentials as the configuration sets them on a running server. */
class SignalingLimitsServerTest {

    private static final String TURN_SECRET = "coturn-static-auth-secret";

    @TempDir
    static Path dir;
    static OspreyServer server;

    @BeforeAll
    static void start() throws IOException {
        server = TestServers.start(TestWebRoot.create(dir), Map.of(
                "media.publishTimeoutMs", 1_000,
                "websocket.maxStreamsPerConnection", 2,
                "ice.stunServerUri", "turn:turn.example.org:3478",
                "ice.turnSharedSecret", TURN_SECRET,
                "ice.turnCredentialTtlSeconds", 600));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static TestSocket connect() {
        return TestSocket.connect(server.httpPort(), "/LiveApp/websocket");
    }

    @Test
    void aPublishThatNeverSendsItsOfferLosesItsIdAfterThePublishTimeout() {
        try (TestSocket publisher = connect(); TestSocket next = connect()) {
            publisher.send(object("command", "publish", "streamId", "silent1"));
            assertThat(publisher.nextJson()).isEqualTo(object("command", "start", "streamId", "silent1"));

            JsonNode timeout = publisher.nextJson(); // waits for the server's timer, at most 10 s
            assertThat(timeout.get("definition").asText()).isEqualTo("publishTimeoutError");
            assertThat(timeout.get("streamId").asText()).isEqualTo("silent1");
            assertThat(publisher.nextJson()).isEqualTo(object("command", "notification",
                    "definition", "publish_finished", "streamId", "silent1"));

            next.send(object("command", "publish", "streamId", "silent1"));
            assertThat(next.nextJson()).isEqualTo(object("command", "start", "streamId", "silent1"));
        }
    }

    @Test
    void aConnectionBeyondItsStreamShareGetsTooManyStreams() {
        try (TestSocket socket = connect()) {
            socket.send(object("command", "join", "streamId", "pair1"));
            socket.send(object("command", "join", "streamId", "pair2"));
            socket.send(object("command", "join", "streamId", "pair3"));
            socket.nextJson();
            socket.nextJson();
            JsonNode refused = socket.nextJson();
            assertThat(refused.get("definition").asText()).isEqualTo("too_many_streams");
            assertThat(refused.get("streamId").asText()).isEqualTo("pair3");
        }
    }

    @Test
    void aThreeHundredCharacterStreamIdIsRefused() {
        String longId = "x".repeat(300);
        try (TestSocket socket = connect()) {
            socket.send(object("command", "publish", "streamId", longId));
            JsonNode refused = socket.nextJson();
            assertThat(refused.get("definition").asText()).isEqualTo("invalidStreamName");
            assertThat(refused.get("streamId").asText()).isEqualTo(longId);
        }
    }

    @Test
    void everyConnectionGetsItsOwnTurnCredentialsMadeWithTheSharedSecret() throws Exception {
        try (TestSocket first = connect(); TestSocket second = connect()) {
            long now = System.currentTimeMillis() / 1000;
            first.send(object("command", "getIceServerConfig"));
            second.send(object("command", "getIceServerConfig"));
            JsonNode a = first.nextJson();
            JsonNode b = second.nextJson();

            String username = a.get("turnServerUsername").asText();
            long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
            assertThat(expiry).isBetween(now + 600 - 5, now + 600 + 5);
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(TURN_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            assertThat(a.get("turnServerCredential").asText()).isEqualTo(
                    Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8))));
            assertThat(b.get("turnServerUsername").asText()).isNotEqualTo(username);
        }
    }
}
