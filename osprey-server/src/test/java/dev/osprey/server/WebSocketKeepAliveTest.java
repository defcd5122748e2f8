package dev.osprey.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The server pings every WebSocket and closes those whose peer has gone silent, not even answering pings. */
class WebSocketKeepAliveTest {

    private static final int PING_INTERVAL_MS = 200;
    private static final int IDLE_TIMEOUT_MS = 1_000;
    /** Room for a loaded machine's late timers. */
    private static final int SLACK_MS = 2_000;
    private static final int OPCODE_CLOSE = 0x8;
    private static final int OPCODE_PING = 0x9;

    @TempDir
    Path dir;

    @Test
    void aPeerThatNeverAnswersPingsIsClosedAfterTheIdleTimeoutWhileAnAnsweringOneStays() throws Exception {
        try (OspreyServer server = TestServers.start(TestWebRoot.create(dir), Map.of(
                "websocket.pingIntervalMs", PING_INTERVAL_MS, "websocket.idleTimeoutMs", IDLE_TIMEOUT_MS));
             TestSocket answering = TestSocket.connect(server.httpPort(), "/LiveApp/websocket");
             Socket silent = new Socket()) {
            silent.connect(new InetSocketAddress("127.0.0.1", server.httpPort()));
            silent.setSoTimeout(IDLE_TIMEOUT_MS + PING_INTERVAL_MS + SLACK_MS);
            DataInputStream in = new DataInputStream(silent.getInputStream());
            upgrade(silent.getOutputStream(), in, server.httpPort());
            long upgraded = System.nanoTime();

            // The silent peer reads what the server sends but never sends a frame, not even a pong.
            int pings = 0;
            Frame frame;
            while ((frame = Frame.read(in)).opcode == OPCODE_PING) {
                pings++;
            }
            long closedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - upgraded);

            assertThat(frame.opcode).isEqualTo(OPCODE_CLOSE);
            assertThat(frame.closeCode()).isEqualTo(1001);
            assertThat(frame.closeReason()).isEqualTo("Idle timeout");
            assertThat(closedAfterMs).isBetween((long) IDLE_TIMEOUT_MS - PING_INTERVAL_MS,
                    (long) IDLE_TIMEOUT_MS + PING_INTERVAL_MS + SLACK_MS);
            assertThat(pings).as("pinged while silent (how often depends on a loaded machine's timers)").isPositive();
            // It does not answer the close either: the server drops the TCP connection and its session.
            await().atMost(Duration.ofSeconds(OspreyServer.WEBSOCKET_CLOSING_TIMEOUT_SECONDS + 5))
                    .until(() -> server.openWebSockets() == 1);
            assertThat(in.read()).isEqualTo(-1);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.applications().get("LiveApp").sessionCount() == 1);

            // The JDK client answers every ping: it has outlived the idle timeout and still works.
            assertThat(answering.isClosed()).isFalse();
            answering.send("{\"command\":\"ping\"}");
            assertThat(answering.next()).isEqualTo("{\"command\":\"pong\"}");
        }
    }

    /** Sends the upgrade request and reads the response up to its blank line. */
    private static void upgrade(OutputStream out, InputStream in, int port) throws IOException {
        String key = Base64.getEncoder().encodeToString("keep-alive-key!!".getBytes(StandardCharsets.US_ASCII));
        out.write(("GET /LiveApp/websocket HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the upgrade: " + head);
            }
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
    }

    /** One unmasked frame from the server (control frames only: short payloads). */
    private record Frame(int opcode, byte[] payload) {

        static Frame read(DataInputStream in) throws IOException {
            int first = in.readUnsignedByte();
            int length = in.readUnsignedByte() & 0x7F;
            if (length > 125) {
                throw new AssertionError("unexpected data frame of opcode " + (first & 0x0F));
            }
            byte[] payload = new byte[length];
            in.readFully(payload);
            return new Frame(first & 0x0F, payload);
        }

        int closeCode() {
            return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }

        String closeReason() {
            return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
    }
}
