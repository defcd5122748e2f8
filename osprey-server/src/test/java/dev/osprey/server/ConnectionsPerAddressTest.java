package dev.osprey.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/** One client address may hold only so many WebSockets at once. */
class ConnectionsPerAddressTest {

    @TempDir
    Path dir;

    @Test
    void aSocketBeyondTheAddressesShareIsRefusedWith429UntilOneCloses() throws Exception {
        try (OspreyServer server = TestServers.start(TestWebRoot.create(dir),
                Map.of("websocket.maxConnectionsPerAddress", 3))) {
            List<TestSocket> sockets = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sockets.add(TestSocket.connect(server.httpPort(), i % 2 == 0 ? "/LiveApp/websocket" : "/WebRTCAppEE/websocket"));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> server.openWebSockets() == 3);

            Throwable refused = catchThrowable(() -> TestSocket.connect(server.httpPort(), "/LiveApp/websocket"));
            assertThat(refused).isInstanceOf(CompletionException.class).cause().isInstanceOf(WebSocketHandshakeException.class);
            assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode()).isEqualTo(429);

            sockets.removeFirst().closeAndWait();
            await().atMost(Duration.ofSeconds(5)).until(() -> server.openWebSockets() == 2);
            try (TestSocket again = TestSocket.connect(server.httpPort(), "/LiveApp/websocket")) {
                again.send("{\"command\":\"ping\"}");
                assertThat(again.next()).isEqualTo("{\"command\":\"pong\"}");
            }
            sockets.forEach(TestSocket::close);
        }
    }

    @Test
    void racingAcquiresNeverExceedTheShare() throws Exception {
        ConnectionsPerAddress perAddress = new ConnectionsPerAddress(10);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> attempts = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 100; i++) {
                attempts.add(threads.submit(() -> {
                    go.await();
                    return perAddress.tryAcquire("192.0.2.7");
                }));
            }
            go.countDown();
        }
        long acquired = 0;
        for (Future<Boolean> attempt : attempts) {
            acquired += attempt.get() ? 1 : 0;
        }
        assertThat(acquired).isEqualTo(10);
        assertThat(perAddress.hasRoom("192.0.2.7")).isFalse();
        assertThat(perAddress.hasRoom("192.0.2.8")).isTrue();

        perAddress.release("192.0.2.7");
        assertThat(perAddress.tryAcquire("192.0.2.7")).isTrue();
    }

    @Test
    void zeroMeansNoLimit() {
        ConnectionsPerAddress unlimited = new ConnectionsPerAddress(0);
        for (int i = 0; i < 10_000; i++) {
            assertThat(unlimited.tryAcquire("192.0.2.7")).isTrue();
        }
        assertThat(unlimited.hasRoom("192.0.2.7")).isTrue();
    }
}
