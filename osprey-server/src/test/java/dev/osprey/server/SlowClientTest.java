package dev.osprey.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A client that sends but never reads must not make the server queue its answers without bound. */
class SlowClientTest {

    @TempDir
    Path dir;

    @Test
    void aClientThatNeverReadsIsClosedWhileOthersKeepWorking() throws Exception {
        try (OspreyServer server = TestServers.start(TestWebRoot.create(dir));
             Socket raw = new Socket()) {
            raw.setReceiveBufferSize(4096); // keep the kernel from buffering megabytes on our side
            raw.connect(new java.net.InetSocketAddress("127.0.0.1", server.httpPort()));
            upgrade(raw, server.httpPort());
            TestSocket healthy = TestSocket.connect(server.httpPort(), "/LiveApp/websocket");

            byte[] ping = maskedTextFrame("{\"command\":\"ping\"}");
            byte[] batch = new byte[ping.length * 1000];
            for (int i = 0; i < 1000; i++) {
                System.arraycopy(ping, 0, batch, i * ping.length, ping.length);
            }
            OutputStream out = raw.getOutputStream();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            boolean closedByServer = false;
            while (!closedByServer && System.nanoTime() < deadline) {
                try {
                    out.write(batch); // each ping is answered with a pong this socket never reads
                } catch (IOException e) {
                    closedByServer = true;
                }
                if (server.openWebSockets() == 1) {
                    closedByServer = true;
                }
            }
            assertThat(closedByServer).as("server closed the non-reading client").isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.openWebSockets() == 1);

            healthy.send("{\"command\":\"ping\"}");
            assertThat(healthy.next()).isEqualTo("{\"command\":\"pong\"}");
            healthy.close();
        }
    }

    private static void upgrade(Socket socket, int port) throws IOException {
        String key = Base64.getEncoder().encodeToString("slow-client-key!".getBytes(StandardCharsets.US_ASCII));
        String request = "GET /LiveApp/websocket HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        assertThat(reader.readLine()).startsWith("HTTP/1.1 101");
        // The rest of the response headers stay unread on purpose: this client never reads again.
    }

    private static byte[] maskedTextFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) 0x81; // FIN + text
        frame[1] = (byte) (0x80 | payload.length); // masked, short length
        byte[] mask = {1, 2, 3, 4};
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }
}
