package dev.osprey.server;

import static dev.osprey.server.JavaMediaClients.WAIT;
import static dev.osprey.server.JavaMediaClients.command;
import static dev.osprey.server.JavaMediaClients.next;
import static dev.osprey.server.JavaMediaClients.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A publisher whose network drops (media stops, its socket's close not seen) and that publishes the same
 * id again over a new socket, as the SDK's reconnection does: the stream continues for its players
 * ({@code session_restored}) when the tracks match, and ends for them as before when they do not.
 */
class PublisherTakeoverSignalingTest {

    @TempDir
    Path dir;
    private OspreyServer server;
    private final JavaMediaClients clients = new JavaMediaClients();

    @BeforeEach
    void start() throws Exception {
        // longer than the 2 s after which a silent publisher may be taken over
        server = TestServers.start(TestWebRoot.create(dir), Map.of("media.advertisedAddress", "127.0.0.1",
                "media.publishTimeoutMs", 8000));
    }

    @AfterEach
    void stop() {
        clients.close();
        server.stop();
    }

    private TestSocket socket() {
        return TestSocket.connect(server.httpPort(), "/LiveApp/websocket");
    }

    /** Sends {@code publish} until the server accepts it ({@code streamIdInUse} while the old media is fresh). */
    private static void publishWhenTheOldMediaIsStale(TestSocket socket, String streamId) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
            socket.send(Json.object("command", "publish", "streamId", streamId));
            JsonNode reply = next(socket, m -> command("start").test(m) || command("error").test(m));
            if (command("error").test(reply)) {
                assertThat(reply.path("definition").asText()).isEqualTo("streamIdInUse");
                return false;
            }
            return true;
        });
    }

    /** Every message that arrives within {@code millis}. */
    private static List<JsonNode> drain(TestSocket socket, long millis) throws InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        long deadline = System.nanoTime() + millis * 1_000_000;
        String text;
        while ((text = socket.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000))) != null) {
            out.add(Json.parse(text));
        }
        return out;
    }

    @Test
    void aPublisherThatReconnectsContinuesTheStreamAndItsPlayersPlayOn() throws Exception {
        try (TestSocket first = socket(); TestSocket second = socket(); TestSocket viewer = socket()) {
            JavaMediaClients.Publisher dropped = clients.publish(first, "java5");
            Set<Integer> ssrcs = ConcurrentHashMap.newKeySet();
            AtomicLong video = clients.play(viewer, "java5", ssrcs);
            await().atMost(WAIT).until(() -> video.get() > 10);
            Set<Integer> before = Set.copyOf(ssrcs);
            assertThat(before).hasSize(1);

            dropped.stopMedia();
            publishWhenTheOldMediaIsStale(second, "java5");
            long atTakeover = video.get();
            clients.offer(second, "java5", 0x100, true); // returns at publish_started
            JsonNode restored = next(second, notification("session_restored"));
            assertThat(restored).isEqualTo(Json.parse(
                    "{\"command\":\"notification\",\"definition\":\"session_restored\",\"streamId\":\"java5\"}"));

            await().atMost(WAIT).until(() -> video.get() > atTakeover + 20);
            assertThat(ssrcs).isEqualTo(before); // the rewrite keeps the viewer's SSRC
            assertThat(drain(viewer, 200)).noneMatch(notification("play_finished"));
            assertThat(server.media().service("LiveApp").viewerCount("java5")).isEqualTo(1);
            // the old publisher is told its publish ended
            next(first, notification("publish_finished"));

            second.send(Json.object("command", "stop", "streamId", "java5"));
            next(viewer, notification("play_finished"));
            await().atMost(WAIT).until(() -> server.media().transportCount() == 0);
        }
    }

    @Test
    void aStrangerLoopingPublishFromAnotherAddressNeverGetsAStreamWhoseMediaPaused() throws Exception {
        HttpClient fromElsewhere = HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0.2")).build();
        URI uri = URI.create("ws://127.0.0.1:" + server.httpPort() + "/LiveApp/websocket");
        try (TestSocket first = socket(); TestSocket stranger = TestSocket.connect(fromElsewhere, uri);
             TestSocket sameMachine = socket(); TestSocket viewer = socket()) {
            JavaMediaClients.Publisher paused = clients.publish(first, "java7");
            AtomicLong video = clients.play(viewer, "java7", ConcurrentHashMap.newKeySet());
            await().atMost(WAIT).until(() -> video.get() > 10);
            paused.stopMedia();
            // Past the 2 s after which the stream counts as stalled, the stranger is still refused.
            long until = System.nanoTime() + Duration.ofMillis(3000).toNanos();
            int attempts = 0;
            while (System.nanoTime() < until) {
                stranger.send(Json.object("command", "publish", "streamId", "java7"));
                JsonNode reply = next(stranger, m -> command("start").test(m) || command("error").test(m));
                assertThat(reply.path("definition").asText()).isEqualTo("streamIdInUse");
                attempts++;
            }
            assertThat(attempts).isGreaterThan(10);
            assertThat(drain(viewer, 100)).noneMatch(notification("play_finished"));
            // The stream was stalled all along: its publisher, back from its own address, gets it.
            publishWhenTheOldMediaIsStale(sameMachine, "java7");
            next(first, notification("publish_finished"));
        }
    }

    @Test
    void aReconnectingPublisherWithOtherTracksEndsTheStreamForItsPlayers() throws Exception {
        try (TestSocket first = socket(); TestSocket second = socket(); TestSocket viewer = socket()) {
            JavaMediaClients.Publisher dropped = clients.publish(first, "java6");
            AtomicLong video = clients.play(viewer, "java6");
            await().atMost(WAIT).until(() -> video.get() > 10);

            dropped.stopMedia();
            publishWhenTheOldMediaIsStale(second, "java6");
            clients.offer(second, "java6", 0x100, false); // audio only now
            next(viewer, notification("play_finished"));
            assertThat(drain(second, 200)).noneMatch(notification("session_restored"));
        }
    }
}
