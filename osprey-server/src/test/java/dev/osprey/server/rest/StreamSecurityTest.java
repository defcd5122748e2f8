package dev.osprey.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.osprey.server.TestSocket;
import dev.osprey.server.security.HashTokens;
import dev.osprey.server.security.Hs256Jwt;
import dev.osprey.server.store.StoreJson;
import dev.osprey.server.store.StreamToken;
import dev.osprey.signaling.AccessRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every kind of stream credential, created over REST and presented over the WebSocket as the SDK
 * does: accepted when good, refused with {@code unauthorized_access} when missing, wrong, expired,
 * for another stream or used already. Play is tried on a conference room, which exists as soon as a
 * participant publishes into it, so no media is needed.
 */
class StreamSecurityTest {

    @TempDir
    static Path dir;
    private static RestTestServer server;
    private static final String SECRET = "a-jwt-stream-secret-of-32-characters!";

    @BeforeAll
    static void start() {
        server = new RestTestServer(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void defaults() {
        settings("{}");
    }

    private static void settings(String json) {
        assertThat(server.adminPost("/rest/v2/applications/settings/LiveApp", json).status()).isEqualTo(200);
    }

    private static TestSocket socket() {
        return TestSocket.connect(server.server.httpPort(), "/LiveApp/websocket");
    }

    /** The answer to a publish: the definition of its error, or "start". */
    private static String publish(TestSocket socket, String streamId, String extraFields) {
        socket.send("{\"command\":\"publish\",\"streamId\":\"" + streamId + "\"" + extraFields + "}");
        return outcome(socket.nextJson(), "start");
    }

    private static String outcome(JsonNode reply, String success) {
        String command = reply.path("command").asText();
        return command.equals("error") ? reply.path("definition").asText() : command.equals(success) ? success : reply.toString();
    }

    private static String token(String path) {
        RestTestServer.Reply reply = server.get("/LiveApp/rest/v2/broadcasts/" + path);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().path("tokenId").asText();
    }

    private static long inAnHour() {
        return System.currentTimeMillis() / 1000 + 3600;
    }

    @Test
    void aOneTimePublishTokenLetsOnePublishInOnce() {
        settings("{\"publishTokenControlEnabled\":true}");
        String good = token("ot1/token?type=publish&expireDate=" + inAnHour());
        String forPlay = token("ot1/token?type=play&expireDate=" + inAnHour());
        String otherStream = token("ot2/token?type=publish&expireDate=" + inAnHour());
        try (TestSocket a = socket(); TestSocket b = socket()) {
            assertThat(publish(a, "ot1", "")).isEqualTo("unauthorized_access");
            assertThat(publish(a, "ot1", ",\"token\":\"wrong\"")).isEqualTo("unauthorized_access");
            assertThat(publish(a, "ot1", ",\"token\":\"" + forPlay + "\"")).isEqualTo("unauthorized_access");
            assertThat(publish(a, "ot1", ",\"token\":\"" + otherStream + "\"")).isEqualTo("unauthorized_access");
            assertThat(publish(a, "ot1", ",\"token\":\"" + good + "\"")).isEqualTo("start");
            a.send("{\"command\":\"stop\",\"streamId\":\"ot1\"}");
            assertThat(a.nextJson().path("definition").asText()).isEqualTo("publish_finished");
            assertThat(publish(b, "ot1", ",\"token\":\"" + good + "\"")).as("used up").isEqualTo("unauthorized_access");
        }
        JsonNode left = server.get("/LiveApp/rest/v2/broadcasts/ot1/tokens/list/0/10").json();
        assertThat(left).extracting(t -> t.path("tokenId").asText()).containsExactly(forPlay);
    }

    @Test
    void anExpiredOneTimeTokenIsRefused() {
        settings("{\"publishTokenControlEnabled\":true}");
        long past = System.currentTimeMillis() / 1000 - 5;
        server.server.services().data("LiveApp").store().createToken(new StreamToken("expired1", "ot3", past, "publish", null));
        assertThat(server.get("/LiveApp/rest/v2/broadcasts/ot3/token?type=publish&expireDate=" + past).status()).isEqualTo(400);
        try (TestSocket a = socket()) {
            assertThat(publish(a, "ot3", ",\"token\":\"expired1\"")).isEqualTo("unauthorized_access");
        }
    }

    @Test
    void tokensAreValidatedListedAndRevokedOverRest() {
        String first = token("rv1/token?type=play&expireDate=" + inAnHour());
        token("rv1/token?type=play&expireDate=" + inAnHour());
        String body = "{\"tokenId\":\"" + first + "\",\"streamId\":\"rv1\",\"type\":\"play\"}";
        RestTestServer.Reply validated = server.post("/LiveApp/rest/v2/broadcasts/validate-token", body);
        assertThat(validated.json().path("success").asBoolean()).as(validated.body()).isTrue();
        assertThat(server.post("/LiveApp/rest/v2/broadcasts/validate-token", body).json().path("success").asBoolean()).isFalse();
        assertThat(server.get("/LiveApp/rest/v2/broadcasts/rv1/tokens/list/0/10").json()).hasSize(1);
        assertThat(server.send("DELETE", "/LiveApp/rest/v2/broadcasts/rv1/tokens", null).status()).isEqualTo(200);
        assertThat(server.get("/LiveApp/rest/v2/broadcasts/rv1/tokens/list/0/10").json()).isEmpty();
        assertThat(server.get("/LiveApp/rest/v2/broadcasts/rv1/token?type=admin&expireDate=" + inAnHour()).status()).isEqualTo(400);
        assertThat(server.get("/LiveApp/rest/v2/broadcasts/rv1/token?type=play&expireDate=soon").status()).isEqualTo(400);
    }

    @Test
    void aJwtStreamTokenMustBeSignedForTheStreamAndTypeAndExpire() {
        assertThat(server.get("/LiveApp/rest/v2/broadcasts/j1/jwt-token?type=publish&expireDate=" + inAnHour()).status())
                .as("no secret set").isEqualTo(400);
        settings("{\"publishJwtControlEnabled\":true,\"jwtStreamSecretKey\":\"" + SECRET + "\"}");
        String good = token("j1/jwt-token?type=publish&expireDate=" + inAnHour());
        String forPlay = token("j1/jwt-token?type=play&expireDate=" + inAnHour());
        ObjectNode noExpiry = StoreJson.MAPPER.createObjectNode().put("streamId", "j1").put("type", "publish");
        String neverExpires = Hs256Jwt.create(noExpiry, SECRET);
        String expired = Hs256Jwt.create(noExpiry.deepCopy().put("exp", System.currentTimeMillis() / 1000 - 1), SECRET);
        String otherKey = Hs256Jwt.create(noExpiry.deepCopy().put("exp", inAnHour()), SECRET + "x");
        String tampered = good.substring(0, good.length() - 2) + (good.endsWith("AA") ? "BB" : "AA");
        try (TestSocket a = socket()) {
            for (String bad : List.of(forPlay, neverExpires, expired, otherKey, tampered, "not.a.jwt")) {
                assertThat(publish(a, "j1", ",\"token\":\"" + bad + "\"")).as(bad).isEqualTo("unauthorized_access");
            }
            assertThat(publish(a, "j2", ",\"token\":\"" + good + "\"")).as("other stream").isEqualTo("unauthorized_access");
            assertThat(publish(a, "j1", ",\"token\":\"" + good + "\"")).isEqualTo("start");
        }
        settings("{\"publishJwtControlEnabled\":true,\"jwtStreamSecretKey\":\"" + SECRET
                + "\",\"jwtStreamTokensWithoutExpiryAllowed\":true}");
        try (TestSocket a = socket()) {
            assertThat(publish(a, "j1", ",\"token\":\"" + neverExpires + "\"")).isEqualTo("start");
        }
    }

    @Test
    void aHashTokenIsTheDigestOfStreamRoleAndSecret() {
        settings("{\"hashControlPublishEnabled\":true,\"tokenHashSecret\":\"hash-secret\"}");
        try (TestSocket a = socket()) {
            assertThat(publish(a, "h1", ",\"token\":\"" + HashTokens.token("h1", "play", "hash-secret") + "\""))
                    .isEqualTo("unauthorized_access");
            assertThat(publish(a, "h1", ",\"token\":\"" + HashTokens.token("h1", "publish", "guess") + "\""))
                    .isEqualTo("unauthorized_access");
            assertThat(publish(a, "h1", ",\"token\":\"" + HashTokens.token("h1", "publish", "hash-secret") + "\""))
                    .isEqualTo("start");
        }
    }

    private static String code(String streamId, String subscriberId, String type) {
        RestTestServer.Reply reply = server.get("/LiveApp/rest/v2/broadcasts/" + streamId + "/subscribers/" + subscriberId
                + "/totp?type=" + type);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().path("dataId").asText();
    }

    private static String totp(String subscriberId, String code) {
        return ",\"subscriberId\":\"" + subscriberId + "\",\"subscriberCode\":\"" + code + "\"";
    }

    @Test
    void aRegisteredTotpSubscriberPublishesWithItsCodeUntilBlocked() {
        settings("{\"enableTimeTokenForPublish\":true}");
        assertThat(server.post("/LiveApp/rest/v2/broadcasts/t1/subscribers",
                "{\"subscriberId\":\"alice\",\"type\":\"publish\"}").status()).isEqualTo(200);
        assertThat(server.post("/LiveApp/rest/v2/broadcasts/t1/subscribers",
                "{\"subscriberId\":\"bob\",\"type\":\"weird\"}").status()).isEqualTo(400);
        String code = code("t1", "alice", "publish");
        String wrong = String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
        try (TestSocket a = socket()) {
            assertThat(publish(a, "t1", "")).isEqualTo("unauthorized_access");
            assertThat(publish(a, "t1", totp("alice", wrong))).isEqualTo("unauthorized_access");
            assertThat(publish(a, "t1", totp("mallory", code))).isEqualTo("unauthorized_access");
            assertThat(publish(a, "t1", totp("alice", code))).isEqualTo("start");
            JsonNode listed = server.get("/LiveApp/rest/v2/broadcasts/t1/subscribers/list/0/10").json();
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).path("connected").asBoolean()).isTrue();
            assertThat(listed.get(0).path("currentConcurrentConnections").asInt()).isEqualTo(1);
            a.send("{\"command\":\"stop\",\"streamId\":\"t1\"}");
        }
        assertThat(server.send("PUT", "/LiveApp/rest/v2/broadcasts/t1/subscribers/alice/block/600/publish", null).status())
                .isEqualTo(200);
        try (TestSocket b = socket()) {
            assertThat(publish(b, "t1", totp("alice", code("t1", "alice", "publish")))).isEqualTo("user_blocked");
        }
        assertThat(server.send("DELETE", "/LiveApp/rest/v2/broadcasts/t1/subscribers/alice", null).status()).isEqualTo(200);
        assertThat(server.get("/LiveApp/rest/v2/broadcasts/t1/subscribers/list/0/10").json()).isEmpty();
    }

    @Test
    void anUnregisteredSubscriberUsesTheCodeDerivedFromTheApplicationSecretUnlessSubscribersOnly() {
        settings("{\"enableTimeTokenForPublish\":true,\"timeTokenSecretForPublish\":\"app-secret\"}");
        try (TestSocket a = socket()) {
            assertThat(publish(a, "t2", totp("guest", code("t2", "guest", "publish")))).isEqualTo("start");
        }
        settings("{\"enableTimeTokenForPublish\":true,\"timeTokenSecretForPublish\":\"app-secret\","
                + "\"timeTokenSubscriberOnly\":true}");
        try (TestSocket a = socket()) {
            assertThat(publish(a, "t2", totp("guest", code("t2", "guest", "publish")))).isEqualTo("unauthorized_access");
        }
    }

    /** Publishes a participant into {@code room}, so that the room can be played. */
    private static TestSocket roomWithParticipant(String room) {
        TestSocket participant = socket();
        assertThat(publish(participant, room + "_p", ",\"mainTrack\":\"" + room + "\"")).isEqualTo("start");
        return participant;
    }

    private static String play(TestSocket socket, String streamId, String extraFields) {
        socket.send("{\"command\":\"play\",\"streamId\":\"" + streamId + "\"" + extraFields + "}");
        return outcome(socket.nextJson(), "takeConfiguration");
    }

    @Test
    void aSubscriberPlaysAsOftenAtOnceAsItsConcurrentConnectionsLimit() {
        try (TestSocket participant = roomWithParticipant("tr1"); TestSocket a = socket(); TestSocket b = socket()) {
            settings("{\"enableTimeTokenForPlay\":true}");
            server.post("/LiveApp/rest/v2/broadcasts/tr1/subscribers", "{\"subscriberId\":\"carol\",\"type\":\"play\"}");
            assertThat(play(a, "tr1", totp("carol", code("tr1", "carol", "play")))).isEqualTo("takeConfiguration");
            assertThat(play(b, "tr1", totp("carol", code("tr1", "carol", "play")))).isEqualTo("unauthorized_access");
            a.send("{\"command\":\"stop\",\"streamId\":\"tr1\"}");
            assertThat(play(b, "tr1", totp("carol", code("tr1", "carol", "play")))).isEqualTo("takeConfiguration");
        }
    }

    @Test
    void aRoomTokenLetsItsHolderPlayTheRoom() {
        try (TestSocket participant = roomWithParticipant("room1"); TestSocket viewer = socket()) {
            settings("{\"playTokenControlEnabled\":true}");
            String roomToken = token("room1/token?type=play&roomId=room1&expireDate=" + inAnHour());
            String otherRoom = token("room2/token?type=play&roomId=room2&expireDate=" + inAnHour());
            assertThat(play(viewer, "room1", "")).isEqualTo("unauthorized_access");
            assertThat(play(viewer, "room1", ",\"token\":\"" + otherRoom + "\"")).isEqualTo("unauthorized_access");
            assertThat(play(viewer, "room1", ",\"token\":\"" + roomToken + "\"")).isEqualTo("takeConfiguration");
        }
    }

    @Test
    void theViewerLimitRefusesOneViewerTooMany() {
        try (TestSocket participant = roomWithParticipant("lim1"); TestSocket a = socket(); TestSocket b = socket()) {
            settings("{\"webRTCViewerLimit\":1}");
            assertThat(play(a, "lim1", "")).isEqualTo("takeConfiguration");
            assertThat(play(b, "lim1", "")).isEqualTo("viewerLimitReached");
        }
    }

    private static String playRefusal(String streamId) {
        var request = new AccessRequest(AccessRequest.Kind.PLAY, streamId, null, null, null, null, "127.0.0.1", null, null);
        return server.server.services().guard("LiveApp").check(request).toCompletableFuture().join().refusal();
    }

    @Test
    void aLiveBroadcastsOwnViewerLimitIsCheckedAndFollowsItsUpdates() {
        var lifecycle = server.server.services().lifecycle("LiveApp");
        assertThat(server.post("/LiveApp/rest/v2/broadcasts/create", "{\"streamId\":\"bl1\",\"webRTCViewerLimit\":0}")
                .status()).isEqualTo(200);
        lifecycle.publishStarted("bl1", "bl1", null);
        await().until(() -> "viewerLimitReached".equals(playRefusal("bl1")));
        assertThat(server.send("PUT", "/LiveApp/rest/v2/broadcasts/bl1", "{\"webRTCViewerLimit\":5}").status()).isEqualTo(200);
        assertThat(playRefusal("bl1")).isNull();
        server.send("PUT", "/LiveApp/rest/v2/broadcasts/bl1", "{\"webRTCViewerLimit\":0}");
        assertThat(playRefusal("bl1")).isEqualTo("viewerLimitReached");
        lifecycle.publishFinished("bl1", true);
        await().until(() -> playRefusal("bl1") == null); // not live: no limit of its own left in force
    }

    @Test
    void thePublishAuthWebhookDecidesWithTheRequestItIsSent() throws IOException {
        List<JsonNode> asked = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/auth", exchange -> {
            JsonNode body = StoreJson.MAPPER.readTree(exchange.getRequestBody());
            asked.add(body);
            int status = body.path("token").asText().equals("let-me-in") ? 200 : 403;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/auth");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        receiver.start();
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        try (TestSocket a = socket()) {
            assertThat(server.adminPost("/rest/v2/applications/settings/LiveApp",
                    "{\"webhookAuthenticateURL\":\"" + base + "/auth\"}").status()).as("loopback refused by default").isEqualTo(400);
            settings("{\"webhookAuthenticateURL\":\"" + base + "/auth\",\"webhookAllowPrivateAddresses\":true}");
            assertThat(publish(a, "w1", ",\"token\":\"nope\"")).isEqualTo("unauthorized_access");
            assertThat(publish(a, "w1", ",\"token\":\"let-me-in\",\"streamName\":\"Cam\"")).isEqualTo("start");
            assertThat(asked).hasSize(2);
            JsonNode last = asked.get(1);
            assertThat(last.path("appName").asText()).isEqualTo("LiveApp");
            assertThat(last.path("streamId").asText()).isEqualTo("w1");
            assertThat(last.path("name").asText()).isEqualTo("Cam");
            assertThat(last.path("mode").asText()).isEqualTo("publish");
            settings("{\"webhookAuthenticateURL\":\"" + base + "/moved\",\"webhookAllowPrivateAddresses\":true}");
            assertThat(publish(a, "w2", ",\"token\":\"let-me-in\"")).as("redirect not followed").isEqualTo("unauthorized_access");
            assertThat(asked).hasSize(2);
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void aStoredAuthWebhookToAPrivateAddressIsNeverCalledAndRefuses() throws IOException {
        List<JsonNode> asked = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/auth", exchange -> {
            asked.add(StoreJson.MAPPER.createObjectNode());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try (TestSocket a = socket()) {
            settings("{\"webhookPlayAuthUrl\":\"http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/auth\",\"webhookAllowPrivateAddresses\":true}");
            // Stored while allowed, then the setting is taken back (as an older settings file might hold it).
            var settings = server.server.services().data("LiveApp").settingsCopy();
            settings.webhookAllowPrivateAddresses = false;
            server.server.services().data("LiveApp").saveSettings(settings);
            try (TestSocket participant = roomWithParticipant("pw1")) {
                assertThat(play(a, "pw1", "")).isEqualTo("unauthorized_access");
            }
            assertThat(asked).isEmpty();
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void settingsRefuseAnAuthWebhookThatIsNotHttp() {
        RestTestServer.Reply reply = server.adminPost("/rest/v2/applications/settings/LiveApp",
                "{\"webhookAuthenticateURL\":\"file:///etc/passwd\"}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(new String(reply.body().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).contains("webhookAuthenticateURL");
    }
}
