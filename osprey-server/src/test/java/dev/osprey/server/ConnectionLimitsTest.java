package dev.osprey.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connections that hold the server without using it: silent ones, kept-alive ones gone quiet, and too
 * many from one address. Long-lived WebSockets and slow downloads are left alone.
 */
class ConnectionLimitsTest {

    private static final String PING = "{\"command\":\"ping\"}";
    private static final String PONG = "{\"command\":\"pong\"}";

    @TempDir
    Path dir;

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(15_000);
        return socket;
    }

    /** Blocks until the server closes {@code socket}; true when it did (end of stream or reset). */
    private static boolean closedByServer(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() == -1;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    @Test
    void twoHundredConnectionsThatNeverSendARequestAreAllClosedWithinTheTimeout() throws Exception {
        try (OspreyServer server = TestServers.start(TestWebRoot.create(dir), Map.of("server.requestTimeoutMs", 1000));
             TestSocket webSocket = TestSocket.connect(server.httpPort(), "/LiveApp/websocket")) {
            List<Socket> silent = new ArrayList<>();
            long opened = System.nanoTime();
            try {
                for (int i = 0; i < 200; i++) {
                    silent.add(connect(server.httpPort()));
                }
                long firstClosedMs = -1;
                for (Socket socket : silent) {
                    assertThat(closedByServer(socket)).isTrue();
                    if (firstClosedMs < 0) {
                        firstClosedMs = (System.nanoTime() - opened) / 1_000_000;
                    }
                }
                long allClosedMs = (System.nanoTime() - opened) / 1_000_000;
                assertThat(firstClosedMs).as("not before the timeout").isGreaterThanOrEqualTo(900);
                assertThat(allClosedMs).as("all within the timeout, give or take a busy machine").isLessThan(6_000);
            } finally {
                for (Socket socket : silent) {
                    socket.close();
                }
            }
            // The WebSocket, older than all of them and silent as long, is still open.
            webSocket.send(PING);
            assertThat(webSocket.next()).isEqualTo(PONG);
        }
    }

    @Test
    void aKeptAliveConnectionLivesWhileItSendsRequestsAndIsClosedOnceQuiet() throws Exception {
        try (OspreyServer server = TestServers.start(TestWebRoot.create(dir), Map.of("server.requestTimeoutMs", 1000));
             Socket socket = connect(server.httpPort())) {
            for (int i = 0; i < 5; i++) {
                socket.getOutputStream().write("GET /LiveApp/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(readResponse(socket.getInputStream()), StandardCharsets.UTF_8))
                        .isEqualTo(TestWebRoot.INDEX);
                Thread.sleep(600); // the client's pace: each pause is shorter than the timeout, all of them longer
            }
            long quietSince = System.nanoTime();
            assertThat(closedByServer(socket)).isTrue();
            assertThat((System.nanoTime() - quietSince) / 1_000_000).isBetween(300L, 6_000L);
        }
    }

    @Test
    void aDownloadSlowerThanTheTimeoutIsNotCutOff() throws Exception {
        Path web = TestWebRoot.create(dir);
        byte[] content = new byte[8 << 20];
        new Random(3).nextBytes(content);
        Files.write(web.resolve("samples/big.bin"), content);
        try (OspreyServer server = TestServers.start(web, Map.of("server.requestTimeoutMs", 1000));
             Socket socket = new Socket()) {
            socket.setReceiveBufferSize(16 * 1024);
            socket.connect(new InetSocketAddress("127.0.0.1", server.httpPort()));
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write("GET /LiveApp/big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            int length = Integer.parseInt(headers(in).replaceAll("(?s).*\\r\\ncontent-length: *(\\d+).*", "$1"));
            assertThat(length).isEqualTo(content.length);
            byte[] received = new byte[length];
            long start = System.nanoTime();
            for (int at = 0; at < length; ) {
                int n = in.read(received, at, Math.min(64 * 1024, length - at));
                assertThat(n).as("end of stream after %d bytes", at).isPositive();
                at += n;
                Thread.sleep(10); // a slow reader
            }
            assertThat((System.nanoTime() - start) / 1_000_000).as("slower than the timeout").isGreaterThan(1_000);
            assertThat(Arrays.equals(received, content)).isTrue();
        }
    }

    @Test
    void httpConnectionsBeyondThePerAddressLimitAreClosedAtOnceAndAClosedOneFreesItsPlace() throws Exception {
        try (OspreyServer server = TestServers.start(TestWebRoot.create(dir), Map.of("server.maxConnectionsPerAddress", 2,
                "server.connectionLimitExempt", "", "server.requestTimeoutMs", 60_000))) {
            int port = server.httpPort();
            // A WebSocket leaves the HTTP count (the WebSocket limit has its own): two plain connections still fit.
            try (TestSocket webSocket = TestSocket.connect(port, "/LiveApp/websocket");
                 Socket second = connect(port)) {
                webSocket.send("{\"command\":\"ping\"}");
                assertThat(webSocket.nextJson().path("command").asText()).isEqualTo("pong");
                Socket first = connect(port);
                // Answered: both are counted before the next one arrives.
                assertThat(requestAnswered(first)).isTrue();
                assertThat(requestAnswered(second)).isTrue();
                try (Socket refused = connect(port)) {
                    long start = System.nanoTime();
                    assertThat(closedByServer(refused)).isTrue();
                    assertThat((System.nanoTime() - start) / 1_000_000).as("at once, not after a timeout").isLessThan(5_000);
                }

                first.close();
                await().untilAsserted(() -> {
                    try (Socket again = connect(port)) {
                        assertThat(requestAnswered(again)).isTrue();
                    }
                });
            }
        }
    }

    private static boolean requestAnswered(Socket socket) throws IOException {
        socket.getOutputStream().write("GET /LiveApp/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        try {
            return new String(readResponse(socket.getInputStream()), StandardCharsets.UTF_8).equals(TestWebRoot.INDEX);
        } catch (IOException | IllegalStateException closed) {
            return false;
        }
    }

    /** The header block, lower-cased, up to and including the blank line. */
    private static String headers(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IllegalStateException("connection closed in the headers");
            }
            head.write(c);
        }
        return head.toString(StandardCharsets.US_ASCII).toLowerCase();
    }

    private static byte[] readResponse(InputStream in) throws IOException {
        String head = headers(in);
        int length = Integer.parseInt(head.replaceAll("(?s).*\\r\\ncontent-length: *(\\d+).*", "$1"));
        return in.readNBytes(length);
    }
}
