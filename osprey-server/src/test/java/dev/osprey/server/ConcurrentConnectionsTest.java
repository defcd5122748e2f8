package dev.osprey.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.osprey.server.Json.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** 200 sockets at once: pings and P2P relays, with every message checked for loss, order and routing. */
class ConcurrentConnectionsTest {

    private static final int PAIRS = 100;
    private static final int ROUNDS = 20;
    private static final String PONG = "{\"command\":\"pong\"}";

    @TempDir
    static Path dir;
    static OspreyServer server;

    @BeforeAll
    static void start() throws IOException {
        server = TestServers.start(TestWebRoot.create(dir));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static ObjectNode candidate(String stream, String from, int round) {
        return object("command", "takeCandidate", "streamId", stream, "label", round % 2, "id", String.valueOf(round % 2),
                "candidate", "candidate:" + from + "-" + round + " 1 udp 2122260223 192.0.2.1 " + (40_000 + round) + " typ host");
    }

    @Test
    void twoHundredSocketsPingAndRelayWithoutLossOrMisrouting() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        URI uri = URI.create("ws://127.0.0.1:" + server.httpPort() + "/LiveApp/websocket?target=origin");
        List<TestSocket> offerers = new ArrayList<>();
        List<TestSocket> answerers = new ArrayList<>();
        try {
            for (int i = 0; i < PAIRS; i++) {
                offerers.add(TestSocket.connect(client, uri));
                answerers.add(TestSocket.connect(client, uri));
            }
            assertThat(server.openWebSockets()).isGreaterThanOrEqualTo(2 * PAIRS);

            for (int i = 0; i < PAIRS; i++) {
                String stream = "pair" + i;
                ObjectNode join = object("command", "join", "streamId", stream, "multiPeer", false, "mode", "both");
                offerers.get(i).send(join);
                assertThat(offerers.get(i).nextJson()).isEqualTo(object("command", "notification", "definition", "joined", "streamId", stream));
                answerers.get(i).send(join);
                assertThat(answerers.get(i).nextJson()).isEqualTo(object("command", "notification", "definition", "joined", "streamId", stream));
                assertThat(offerers.get(i).nextJson()).isEqualTo(object("command", "start", "streamId", stream));
            }

            // Every socket sends at once from its own thread: pings and candidates for its partner.
            try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
                List<CompletableFuture<Void>> sent = new ArrayList<>();
                for (int i = 0; i < PAIRS; i++) {
                    String stream = "pair" + i;
                    TestSocket a = offerers.get(i);
                    TestSocket b = answerers.get(i);
                    sent.add(CompletableFuture.runAsync(() -> {
                        for (int round = 0; round < ROUNDS; round++) {
                            a.send("{\"command\":\"ping\"}");
                            a.send(candidate(stream, "a", round));
                        }
                    }, senders));
                    sent.add(CompletableFuture.runAsync(() -> {
                        for (int round = 0; round < ROUNDS; round++) {
                            b.send(candidate(stream, "b", round));
                            b.send("{\"command\":\"ping\"}");
                        }
                    }, senders));
                }
                CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
            }

            for (int i = 0; i < PAIRS; i++) {
                String stream = "pair" + i;
                assertReceived(offerers.get(i), stream, "b");
                assertReceived(answerers.get(i), stream, "a");
            }
            for (TestSocket socket : offerers) {
                assertThat(socket.poll(0)).isNull();
            }
            for (TestSocket socket : answerers) {
                assertThat(socket.poll(0)).isNull();
            }
        } finally {
            offerers.forEach(TestSocket::close);
            answerers.forEach(TestSocket::close);
        }
        var app = server.applications().get("LiveApp");
        await().atMost(Duration.ofSeconds(10)).until(() -> app.sessionCount() == 0);
    }

    /** Exactly ROUNDS pongs and the partner's ROUNDS candidates, in the order they were sent, nothing else. */
    private static void assertReceived(TestSocket socket, String stream, String partner) {
        int pongs = 0;
        int nextRound = 0;
        for (int n = 0; n < 2 * ROUNDS; n++) {
            String text = socket.next();
            if (text.equals(PONG)) {
                pongs++;
                continue;
            }
            JsonNode message = Json.parse(text);
            assertThat(message).as(stream).isEqualTo(candidate(stream, partner, nextRound));
            nextRound++;
        }
        assertThat(pongs).as(stream).isEqualTo(ROUNDS);
        assertThat(nextRound).as(stream).isEqualTo(ROUNDS);
    }
}
