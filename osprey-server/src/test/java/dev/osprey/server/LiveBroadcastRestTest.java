package dev.osprey.server;

import static dev.osprey.server.JavaMediaClients.WAIT;
import static dev.osprey.server.JavaMediaClients.notification;
import static dev.osprey.server.JavaMediaClients.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The REST API's live figures over real HTTP while real media flows through the SFU: a Java publisher
 * and two Java viewers (osprey-webrtc client transports) drive a broadcast's status, viewer counts,
 * stream info, per-viewer statistics and connection events.
 */
class LiveBroadcastRestTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ID = "live1";

    @TempDir
    Path dir;
    private OspreyServer server;
    private JavaMediaClients clients;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(TestWebRoot.create(dir), Map.of("media.advertisedAddress", "127.0.0.1",
                "media.publishTimeoutMs", 3000));
        clients = new JavaMediaClients();
    }

    @AfterEach
    void stop() {
        clients.close();
        server.stop();
    }

    private JsonNode get(String path) {
        return send("GET", path, null);
    }

    private JsonNode send(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/LiveApp/rest/v2" + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build();
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(200);
            return Json.parse(r.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private TestSocket socket() {
        return TestSocket.connect(server.httpPort(), "/LiveApp/websocket");
    }

    private void awaitViewers(int count) {
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(get("/broadcasts/" + ID).path("webRTCViewerCount").asInt()).isEqualTo(count);
            assertThat(get("/broadcasts/" + ID + "/broadcast-statistics").path("totalWebRTCWatchersCount").asInt())
                    .isEqualTo(count);
            assertThat(get("/broadcasts/total-broadcast-statistics").path("totalWebRTCWatchersCount").asInt())
                    .isEqualTo(count);
        });
    }

    @Test
    void aBroadcastFollowsItsPublisherAndViewers() throws Exception {
        assertThat(send("POST", "/broadcasts/create", "{\"streamId\":\"" + ID + "\",\"name\":\"Live\"}")
                .path("status").asText()).isEqualTo("created");
        assertThat(get("/broadcasts/" + ID + "/stream-info")).isEmpty();

        try (TestSocket publisher = socket(); TestSocket viewerA = socket(); TestSocket viewerB = socket()) {
            clients.publish(publisher, ID);
            await().atMost(WAIT).until(() -> get("/broadcasts/" + ID).path("status").asText().equals("broadcasting"));
            assertThat(get("/broadcasts/total-broadcast-statistics").path("activeLiveStreamCount").asInt()).isOne();

            // The publisher's picture size comes from its VP8 keyframes; the bitrates from the last second.
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode info = get("/broadcasts/" + ID + "/stream-info");
                assertThat(info).hasSize(1);
                assertThat(info.get(0).path("videoWidth").asInt()).isEqualTo(320);
                assertThat(info.get(0).path("videoHeight").asInt()).isEqualTo(240);
                assertThat(info.get(0).path("videoCodec").asText()).isEqualTo("VP8");
                assertThat(info.get(0).path("videoBitrate").asLong()).isPositive();
                assertThat(info.get(0).path("audioBitrate").asLong()).isPositive();
                JsonNode broadcast = get("/broadcasts/" + ID);
                assertThat(broadcast.path("bitrate").asLong()).isPositive();
                assertThat(broadcast.path("width").asInt()).isEqualTo(320);
                assertThat(broadcast.path("height").asInt()).isEqualTo(240);
                assertThat(get("/broadcasts/list/0/10").get(0).path("bitrate").asLong()).isPositive();
            });

            AtomicLong receivedA = clients.play(viewerA, ID);
            awaitViewers(1);
            AtomicLong receivedB = clients.play(viewerB, ID);
            awaitViewers(2);
            await().atMost(WAIT).until(() -> receivedA.get() > 20 && receivedB.get() > 20);

            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode stats = get("/broadcasts/" + ID + "/webrtc-client-stats/0/10");
                assertThat(stats).hasSize(2);
                for (JsonNode viewer : stats) {
                    assertThat(viewer.path("clientIp").asText()).isEqualTo("127.0.0.1");
                    assertThat(viewer.path("sendBitrate").asLong()).isPositive();
                    assertThat(viewer.path("videoPacketCount").asLong()).isPositive();
                    assertThat(viewer.path("audioPacketCount").asLong()).isPositive();
                    assertThat(viewer.path("videoSentStats").path("videoPacketsSent").asLong())
                            .isEqualTo(viewer.path("videoPacketCount").asLong());
                    assertThat(viewer.path("videoSentStats").path("videoBytesSent").asLong())
                            .isEqualTo(viewer.path("videoPacketCount").asLong() * 12); // the 12-byte VP8 payload
                    assertThat(viewer.path("audioSentStats").path("audioPacketsSent").asLong())
                            .isEqualTo(viewer.path("audioPacketCount").asLong());
                    assertThat(viewer.path("audioSentStats").path("audioBytesSent").asLong())
                            .isEqualTo(viewer.path("audioPacketCount").asLong() * 3);
                    assertThat(viewer.has("measuredBitrate")).isTrue();
                    assertThat(viewer.path("videoSentStats").path("timeMs").asLong()).isPositive();
                }
                assertThat(stats.get(0).path("clientId").asLong()).isLessThan(stats.get(1).path("clientId").asLong());
            });
            JsonNode secondPage = get("/broadcasts/" + ID + "/webrtc-client-stats/1/10");
            assertThat(secondPage).hasSize(1);

            viewerA.send(Json.object("command", "stop", "streamId", ID));
            next(viewerA, notification("play_finished"));
            awaitViewers(1);
            assertThat(get("/broadcasts/" + ID + "/webrtc-client-stats/0/10")).hasSize(1);
            viewerB.close();
            awaitViewers(0);

            publisher.send(Json.object("command", "stop", "streamId", ID));
            next(publisher, notification("publish_finished"));
            await().atMost(WAIT).until(() -> get("/broadcasts/" + ID).path("status").asText().equals("finished"));
            assertThat(get("/broadcasts/" + ID + "/stream-info")).isEmpty();
            assertThat(get("/broadcasts/" + ID + "/webrtc-client-stats/0/10")).isEmpty();
            assertThat(get("/broadcasts/total-broadcast-statistics").path("activeLiveStreamCount").asInt()).isZero();
        }

        List<String> events = new ArrayList<>();
        for (JsonNode e : get("/broadcasts/" + ID + "/connection-events/0/50")) {
            assertThat(e.path("streamId").asText()).isEqualTo(ID);
            assertThat(e.path("eventProtocol").asText()).isEqualTo("WebRTC");
            events.add(e.path("type").asText() + " " + e.path("eventType").asText());
        }
        assertThat(events).containsExactly("publish connected", "play connected", "play connected",
                "play disconnected", "play disconnected", "publish disconnected");
    }
}
