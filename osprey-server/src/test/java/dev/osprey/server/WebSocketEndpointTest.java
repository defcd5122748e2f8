package dev.osprey.server;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketFrame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

class WebSocketEndpointTest {

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

    @Test
    void pingPongOverARealSocketWithTheSdkQuery() {
        for (String path : new String[]{"/LiveApp/websocket?target=origin", "/WebRTCAppEE/websocket?target=edge",
                "/LiveApp/websocket"}) {
            try (TestSocket socket = TestSocket.connect(server.httpPort(), path)) {
                socket.send("{\"command\":\"ping\"}");
                assertThat(socket.next()).isEqualTo("{\"command\":\"pong\"}");
                socket.send("{\"command\":\"ping\"}");
                assertThat(socket.next()).isEqualTo("{\"command\":\"pong\"}");
            }
        }
    }

    @Test
    void unknownApplicationOrPathIsRefusedWith404() {
        for (String path : new String[]{"/NoSuchApp/websocket", "/websocket", "/LiveApp/websocket/extra",
                "/LiveApp/other", "/LiveApp/x/websocket", "/"}) {
            Throwable failure = catchThrowable(() -> TestSocket.connect(server.httpPort(), path));
            assertThat(failure).as(path).isInstanceOf(CompletionException.class);
            assertThat(failure.getCause()).as(path).isInstanceOf(WebSocketHandshakeException.class);
            assertThat(((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void openSocketsAreCountedAndForgottenOnClose() {
        int before = server.openWebSockets();
        TestSocket socket = TestSocket.connect(server.httpPort(), "/LiveApp/websocket");
        socket.send("{\"command\":\"ping\"}");
        socket.next();
        assertThat(server.openWebSockets()).isEqualTo(before + 1);
        socket.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.openWebSockets() == before);
    }

    @Test
    void fragmentedMessagesAboveOneMebibyteCloseTheSocketWith1009() {
        try (TestSocket socket = TestSocket.connect(server.httpPort(), "/LiveApp/websocket")) {
            socket.send("x".repeat(OspreyServer.MAX_WEBSOCKET_MESSAGE_BYTES + 1));
            assertThat(socket.awaitClose().code()).isEqualTo(1009);
        }
    }

    @Test
    void aSingleFrameAboveOneMebibyteClosesTheSocketWith1009() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                    .setMaxFrameSize(4 * OspreyServer.MAX_WEBSOCKET_MESSAGE_BYTES));
            WebSocket socket = client.connect(server.httpPort(), "127.0.0.1", "/LiveApp/websocket")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            CompletableFuture<Short> closeCode = new CompletableFuture<>();
            socket.closeHandler(v -> closeCode.complete(socket.closeStatusCode()));
            socket.writeFrame(WebSocketFrame.textFrame("y".repeat(OspreyServer.MAX_WEBSOCKET_MESSAGE_BYTES + 1), true));
            assertThat(closeCode.get(10, TimeUnit.SECONDS)).isEqualTo((short) 1009);
        } finally {
            vertx.close();
        }
    }

    @Test
    void messagesUpToOneMebibyteKeepTheSocketOpen() {
        try (TestSocket socket = TestSocket.connect(server.httpPort(), "/LiveApp/websocket")) {
            socket.send("{\"command\":\"noop\",\"pad\":\"" + "x".repeat(OspreyServer.MAX_WEBSOCKET_MESSAGE_BYTES - 100) + "\"}");
            socket.send("{\"command\":\"ping\"}");
            // Whatever the signalling answers to the large message, the socket stays up and answers the ping.
            String reply;
            do {
                reply = socket.next();
            } while (!reply.equals("{\"command\":\"pong\"}"));
            assertThat(socket.isClosed()).isFalse();
        }
    }

    @Test
    void manySocketsOnBothApplications() {
        HttpClient client = HttpClient.newHttpClient();
        TestSocket[] sockets = new TestSocket[20];
        try {
            for (int i = 0; i < sockets.length; i++) {
                String app = i % 2 == 0 ? "LiveApp" : "WebRTCAppEE";
                sockets[i] = TestSocket.connect(client, URI.create("ws://127.0.0.1:" + server.httpPort() + "/" + app + "/websocket"));
            }
            for (TestSocket socket : sockets) {
                socket.send("{\"command\":\"ping\"}");
            }
            for (TestSocket socket : sockets) {
                assertThat(socket.next()).isEqualTo("{\"command\":\"pong\"}");
            }
        } finally {
            for (TestSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }
}
