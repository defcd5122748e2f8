package dev.osprey.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.osprey.server.Json.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The signalling protocol (websocket-protocol.md §3, §5) over real WebSockets against a started server. */
class ProtocolIntegrationTest {

    private static final String STUN = "{\"command\":\"iceServerConfig\",\"stunServerUri\":\"stun:stun1.l.google.com:19302\","
            + "\"turnServerUsername\":\"\",\"turnServerCredential\":\"\"}";
    private static final AtomicInteger IDS = new AtomicInteger();

    @TempDir
    static Path dir;
    static OspreyServer server;
    private final List<TestSocket> sockets = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        server = TestServers.start(TestWebRoot.create(dir));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @AfterEach
    void closeSockets() {
        sockets.forEach(TestSocket::close);
    }

    private TestSocket connect() {
        return connect("LiveApp");
    }

    private TestSocket connect(String app) {
        TestSocket socket = TestSocket.connect(server.httpPort(), "/" + app + "/websocket?target=origin");
        sockets.add(socket);
        return socket;
    }

    /** A stream id no other test uses, so tests share one server without interfering. */
    private static String id(String prefix) {
        return prefix + IDS.incrementAndGet();
    }

    private static void assertError(JsonNode reply, String definition) {
        assertThat(reply.path("command").asText()).as(reply.toString()).isEqualTo("error");
        assertThat(reply.path("definition").asText()).as(reply.toString()).isEqualTo(definition);
    }

    private static void assertNotification(JsonNode reply, String definition, String streamId) {
        assertThat(reply.path("command").asText()).as(reply.toString()).isEqualTo("notification");
        assertThat(reply.path("definition").asText()).as(reply.toString()).isEqualTo(definition);
        assertThat(reply.path("streamId").asText()).as(reply.toString()).isEqualTo(streamId);
    }

    private static ObjectNode publish(String streamId) {
        return object("command", "publish", "streamId", streamId, "token", "", "subscriberId", "", "subscriberCode", "",
                "streamName", "", "mainTrack", "", "metaData", "", "role", "", "video", true, "audio", true);
    }

    @Test
    void pingPong() {
        TestSocket socket = connect();
        socket.send("{\"command\":\"ping\"}");
        assertThat(socket.next()).isEqualTo("{\"command\":\"pong\"}");
    }

    @Test
    void publishIsAnsweredWithStart() {
        TestSocket socket = connect();
        String stream = id("pub");
        socket.send(publish(stream));
        JsonNode start = socket.nextJson();
        assertThat(start.path("command").asText()).isEqualTo("start");
        assertThat(start.path("streamId").asText()).isEqualTo(stream);
    }

    @Test
    void iceServerConfigBeforeOrAfterPublish() {
        TestSocket first = connect();
        String a = id("ice");
        first.send("{\"command\":\"getIceServerConfig\"}");
        first.send(publish(a));
        assertThat(first.next()).isEqualTo(STUN);
        assertThat(first.nextJson().path("command").asText()).isEqualTo("start");

        TestSocket second = connect();
        String b = id("ice");
        second.send(publish(b));
        second.send("{\"command\":\"getIceServerConfig\"}");
        assertThat(second.nextJson().path("command").asText()).isEqualTo("start");
        assertThat(second.next()).isEqualTo(STUN);
    }

    @Test
    void iceServerConfigCarriesTheConfiguredTurnServer() throws IOException {
        Map<String, Object> turn = Map.of("ice.stunServerUri", "turn:turn.example.org:3478",
                "ice.turnUsername", "user", "ice.turnCredential", "secret");
        try (OspreyServer turnServer = TestServers.start(TestWebRoot.create(dir.resolve("turn")), turn);
             TestSocket socket = TestSocket.connect(turnServer.httpPort(), "/WebRTCAppEE/websocket")) {
            socket.send("{\"command\":\"getIceServerConfig\"}");
            assertThat(socket.nextJson()).isEqualTo(object("command", "iceServerConfig",
                    "stunServerUri", "turn:turn.example.org:3478", "turnServerUsername", "user", "turnServerCredential", "secret"));
        }
    }

    @Test
    void publishValidation() {
        TestSocket socket = connect();
        socket.send(object("command", "publish", "video", true, "audio", true));
        assertError(socket.nextJson(), "noStreamNameSpecified");
        socket.send(publish("bad id!"));
        assertThat(socket.nextJson()).isEqualTo(object("command", "error", "definition", "invalidStreamName", "streamId", "bad id!"));

        String stream = id("taken");
        socket.send(publish(stream));
        assertThat(socket.nextJson()).isEqualTo(object("command", "start", "streamId", stream));
        socket.send(publish(stream));
        assertThat(socket.nextJson()).isEqualTo(object("command", "error", "definition", "already_publishing", "streamId", stream));
        TestSocket other = connect();
        other.send(publish(stream));
        assertThat(other.nextJson()).isEqualTo(object("command", "error", "definition", "streamIdInUse", "streamId", stream));
    }

    @Test
    void stopEndsThePublishAndReleasesTheId() {
        String stream = id("stop");
        TestSocket socket = connect();
        socket.send(publish(stream));
        assertThat(socket.nextJson()).isEqualTo(object("command", "start", "streamId", stream));
        socket.send(object("command", "stop", "streamId", stream));
        assertThat(socket.nextJson()).isEqualTo(object("command", "notification", "definition", "publish_finished", "streamId", stream));
        TestSocket other = connect();
        other.send(publish(stream));
        assertThat(other.nextJson()).isEqualTo(object("command", "start", "streamId", stream));
    }

    @Test
    void playOfAStreamThatIsNotLive() {
        TestSocket socket = connect();
        String stream = id("absent");
        socket.send(object("command", "play", "streamId", stream, "token", "", "room", "", "trackList", Json.MAPPER.createArrayNode(),
                "subscriberId", "", "subscriberCode", "", "viewerInfo", "", "role", "", "userPublishId", ""));
        assertThat(socket.nextJson()).isEqualTo(object("command", "error", "definition", "no_stream_exist",
                "streamId", stream, "error_code", "404"));
        socket.send(object("command", "getStreamInfo", "streamId", stream));
        assertThat(socket.nextJson()).isEqualTo(object("command", "error", "definition", "no_stream_exist",
                "streamId", stream, "error_code", "404"));
    }

    @Test
    void aPublishedButNotYetLiveStreamIsNotPlayable() {
        String stream = id("notlive");
        TestSocket publisher = connect();
        publisher.send(publish(stream));
        assertThat(publisher.nextJson().path("command").asText()).isEqualTo("start");
        TestSocket viewer = connect();
        viewer.send(object("command", "play", "streamId", stream, "trackList", Json.MAPPER.createArrayNode()));
        assertError(viewer.nextJson(), "no_stream_exist");
    }

    /** Repeated: the close must be processed before the client sees the close handshake end, every time. */
    @RepeatedTest(20)
    void streamIdIsFreeAgainRightAfterItsSocketCloses() {
        String stream = id("free");
        TestSocket first = connect();
        first.send(publish(stream));
        assertThat(first.nextJson().path("command").asText()).isEqualTo("start");

        TestSocket second = connect();
        second.send(publish(stream));
        assertThat(second.nextJson()).isEqualTo(object("command", "error", "definition", "streamIdInUse", "streamId", stream));

        assertThat(first.closeAndWait().code()).isEqualTo(1000);
        second.send(publish(stream));
        JsonNode start = second.nextJson();
        assertThat(start).isEqualTo(object("command", "start", "streamId", stream));
    }

    @Test
    void peerToPeerJoinOfferAnswerCandidateMessageLeave() {
        String stream = id("p2p");
        TestSocket a = connect();
        TestSocket b = connect();
        ObjectNode join = object("command", "join", "streamId", stream, "multiPeer", false, "mode", "both");

        a.send(join);
        assertNotification(a.nextJson(), "joined", stream);
        b.send(join);
        assertNotification(b.nextJson(), "joined", stream);
        assertThat(a.nextJson()).isEqualTo(object("command", "start", "streamId", stream));

        ObjectNode offer = object("command", "takeConfiguration", "streamId", stream, "type", "offer", "sdp", "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n");
        a.send(offer);
        assertThat(b.nextJson()).isEqualTo(offer);
        ObjectNode answer = object("command", "takeConfiguration", "streamId", stream, "type", "answer", "sdp", "v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\n");
        b.send(answer);
        assertThat(a.nextJson()).isEqualTo(answer);

        ObjectNode candidateFromA = object("command", "takeCandidate", "streamId", stream, "label", 0, "id", "0",
                "candidate", "candidate:1 1 udp 2122260223 192.0.2.1 50000 typ host");
        a.send(candidateFromA);
        assertThat(b.nextJson()).isEqualTo(candidateFromA);
        ObjectNode candidateFromB = object("command", "takeCandidate", "streamId", stream, "label", 1, "id", "1",
                "candidate", "candidate:2 1 udp 2122260223 192.0.2.2 50001 typ host");
        b.send(candidateFromB);
        assertThat(a.nextJson()).isEqualTo(candidateFromB);

        ObjectNode message = object("command", "peerMessageCommand", "streamId", stream, "definition", "chat", "data", "hello");
        b.send(message);
        assertThat(a.nextJson()).isEqualTo(message);

        b.send(object("command", "leave", "streamId", stream));
        assertNotification(b.nextJson(), "leaved", stream);
        assertThat(a.nextJson()).isEqualTo(object("command", "stop", "streamId", stream));
    }

    @Test
    void peerToPeerRelayWithoutAPartnerIsAnError() {
        String stream = id("alone");
        TestSocket a = connect();
        a.send(object("command", "join", "streamId", stream, "multiPeer", false, "mode", "both"));
        assertNotification(a.nextJson(), "joined", stream);
        a.send(object("command", "takeConfiguration", "streamId", stream, "type", "offer", "sdp", "v=0\r\n"));
        assertThat(a.nextJson()).isEqualTo(object("command", "error", "definition", "no_peer_associated_before", "streamId", stream));
        a.send(object("command", "takeCandidate", "streamId", stream, "label", 0, "id", "0", "candidate", ""));
        assertThat(a.nextJson()).isEqualTo(object("command", "error", "definition", "no_peer_associated_before", "streamId", stream));

        TestSocket stranger = connect();
        stranger.send(object("command", "peerMessageCommand", "streamId", stream, "definition", "x", "data", "y"));
        assertThat(stranger.nextJson()).isEqualTo(object("command", "error", "definition", "no_peer_associated_before", "streamId", stream));
    }

    @Test
    void aThirdPeerIsRefused() {
        String stream = id("third");
        ObjectNode join = object("command", "join", "streamId", stream, "multiPeer", false, "mode", "both");
        TestSocket a = connect();
        TestSocket b = connect();
        TestSocket c = connect();
        a.send(join);
        a.nextJson();
        b.send(join);
        b.nextJson();
        c.send(join);
        assertThat(c.nextJson()).isEqualTo(object("command", "error", "definition", "streamIdInUse", "streamId", stream));
    }

    @Test
    void peerLeavesWhenItsSocketCloses() {
        String stream = id("p2pclose");
        TestSocket a = connect();
        TestSocket b = connect();
        ObjectNode join = object("command", "join", "streamId", stream, "multiPeer", false, "mode", "both");
        a.send(join);
        a.nextJson();
        b.send(join);
        b.nextJson();
        a.nextJson(); // start
        b.close();
        assertThat(a.nextJson()).isEqualTo(object("command", "stop", "streamId", stream));
    }

    @Test
    void joinRoomNotificationsAmongThreeSockets() throws Exception {
        String room = id("room");
        String aliceId = id("alice");
        String bobId = id("bob");
        TestSocket alice = connect("WebRTCAppEE");
        TestSocket bob = connect("WebRTCAppEE");
        TestSocket carol = connect("WebRTCAppEE");
        var empty = Json.MAPPER.createArrayNode();

        alice.send(object("command", "joinRoom", "room", room, "mainTrack", room, "streamId", aliceId, "mode", "legacy"));
        assertThat(alice.nextJson()).isEqualTo(object("command", "notification", "definition", "joinedTheRoom",
                "streamId", aliceId, "room", room, "ATTR_ROOM_NAME", room, "streams", empty, "streamList", empty, "maxTrackCount", 6));
        bob.send(object("command", "joinRoom", "room", room, "streamId", bobId));
        assertThat(bob.nextJson()).isEqualTo(object("command", "notification", "definition", "joinedTheRoom",
                "streamId", bobId, "room", room, "ATTR_ROOM_NAME", room, "streams", empty, "streamList", empty, "maxTrackCount", 6));

        // Streams are announced (streamJoined, joinedTheRoom, roomInformation) once their media flows, so
        // that members can play them at once: a publish without media stays unannounced (the live flow
        // is covered by ConferenceRoomTest and the browser tests).
        alice.send(object("command", "publish", "streamId", aliceId, "mainTrack", room, "streamName", "Alice", "metaData", "m1",
                "video", true, "audio", true));
        assertThat(alice.nextJson()).isEqualTo(object("command", "start", "streamId", aliceId));
        assertPongNext(bob);

        // Carol joins without an id: the server names her.
        carol.send(object("command", "joinRoom", "room", room, "mainTrack", room));
        JsonNode joined = carol.nextJson();
        String carolId = joined.path("streamId").asText();
        assertThat(carolId).matches("[A-Za-z0-9_.-]+").isNotIn(aliceId, bobId);
        assertThat(joined).isEqualTo(object("command", "notification", "definition", "joinedTheRoom", "streamId", carolId,
                "room", room, "ATTR_ROOM_NAME", room, "streams", empty, "streamList", empty, "maxTrackCount", 6));

        // Bob publishes the id joinRoom gave him: it goes into the room without mainTrack.
        bob.send(publish(bobId));
        assertThat(bob.nextJson()).isEqualTo(object("command", "start", "streamId", bobId));
        alice.send(object("command", "getBroadcastObject", "streamId", room));
        JsonNode broadcast = Json.MAPPER.readTree(alice.nextJson().path("broadcast").asText());
        assertThat(broadcast.path("subTrackStreamIds")).isEqualTo(Json.MAPPER.createArrayNode().add(aliceId).add(bobId));

        alice.send(object("command", "leaveFromRoom", "room", room, "mainTrack", room, "streamId", aliceId));
        assertThat(alice.nextJson()).isEqualTo(object("command", "notification", "definition", "publish_finished", "streamId", aliceId));
        assertThat(alice.nextJson()).isEqualTo(object("command", "notification", "definition", "leavedFromRoom", "room", room, "ATTR_ROOM_NAME", room));
        assertPongNext(carol);

        bob.close();
        carol.send(object("command", "getRoomInfo", "room", room, "streamId", carolId));
        assertThat(carol.nextJson()).isEqualTo(object("command", "roomInformation", "room", room, "ATTR_ROOM_NAME", room,
                "streams", empty, "streamList", empty));
        alice.send("{\"command\":\"ping\"}");
        assertThat(alice.next()).isEqualTo("{\"command\":\"pong\"}");
    }

    private static void assertPongNext(TestSocket socket) {
        socket.send("{\"command\":\"ping\"}");
        assertThat(socket.next()).isEqualTo("{\"command\":\"pong\"}");
    }

    @Test
    void joinRoomWithoutRoomIsAnError() {
        TestSocket socket = connect();
        socket.send(object("command", "joinRoom", "streamId", id("x")));
        assertError(socket.nextJson(), "no_room_specified");
    }

    @Test
    void binaryFramesAndOversizedTextAreAnsweredWithErrors() {
        TestSocket socket = connect();
        socket.sendBinary(new byte[]{1, 2, 3});
        assertThat(socket.nextJson()).isEqualTo(object("command", "error", "definition", "binary_not_supported",
                "information", "the protocol uses JSON text frames only"));
        socket.send("{\"command\":\"ping\",\"pad\":\"" + "x".repeat(100 * 1024) + "\"}");
        assertThat(socket.nextJson()).isEqualTo(object("command", "error", "definition", "message_too_long",
                "information", "text messages are limited to 81920 characters"));
        socket.send("{\"command\":\"ping\"}");
        assertThat(socket.next()).isEqualTo("{\"command\":\"pong\"}");
        assertThat(socket.isClosed()).isFalse();
    }

    @Test
    void aMessageAtTheLimitIsStillHandled() {
        TestSocket socket = connect();
        String prefix = "{\"command\":\"ping\",\"pad\":\"";
        socket.send(prefix + "x".repeat(81_920 - prefix.length() - 2) + "\"}");
        assertThat(socket.next()).isEqualTo("{\"command\":\"pong\"}");
    }

    @Test
    void aFloodOfBinaryFramesClosesTheSocketWith1003() {
        TestSocket socket = connect();
        for (int i = 0; i < 17; i++) {
            socket.sendBinary(new byte[]{(byte) i});
        }
        for (int i = 0; i < 16; i++) {
            assertError(socket.nextJson(), "binary_not_supported");
        }
        assertThat(socket.awaitClose()).isEqualTo(new TestSocket.Closed(1003, "binary frames are not supported"));
    }

    @Test
    void malformedInputIsAnsweredAndTheSocketStaysUsable() {
        TestSocket socket = connect();
        socket.send("not json");
        assertError(socket.nextJson(), "invalid_json");
        socket.send("[1,2]");
        assertError(socket.nextJson(), "not_a_json_object");
        socket.send("{\"streamId\":\"x\"}");
        assertError(socket.nextJson(), "missing_command");
        socket.send("{\"command\":\"fly\"}");
        assertThat(socket.nextJson()).isEqualTo(object("command", "error", "definition", "unknown_command", "information", "fly"));
        socket.send("{\"command\":\"ping\"}");
        assertThat(socket.next()).isEqualTo("{\"command\":\"pong\"}");
    }

    @Test
    void everySocketIsForgottenWhenItCloses() {
        var app = server.applications().get("WebRTCAppEE");
        await().atMost(Duration.ofSeconds(5)).until(() -> app.sessionCount() == 0);
        TestSocket a = connect("WebRTCAppEE");
        TestSocket b = connect("WebRTCAppEE");
        a.send("{\"command\":\"ping\"}");
        a.next();
        b.send("{\"command\":\"ping\"}");
        b.next();
        assertThat(app.sessionCount()).isEqualTo(2);
        a.close();
        b.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> app.sessionCount() == 0);
    }
}
