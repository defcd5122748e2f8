package dev.osprey.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShutdownTest {

    @TempDir
    Path dir;

    @Test
    void clientsHearServerWillStopBeforeTheSocketClosesWithGoingAway() throws Exception {
        OspreyServer server = TestServers.start(TestWebRoot.create(dir));
        int port = server.httpPort();
        TestSocket live = TestSocket.connect(port, "/LiveApp/websocket?target=origin");
        TestSocket conference = TestSocket.connect(port, "/WebRTCAppEE/websocket");
        live.send("{\"command\":\"ping\"}");
        assertThat(live.next()).isEqualTo("{\"command\":\"pong\"}");
        conference.send("{\"command\":\"ping\"}");
        assertThat(conference.next()).isEqualTo("{\"command\":\"pong\"}");

        server.stop();

        for (TestSocket socket : new TestSocket[]{live, conference}) {
            // clients are told first, then the socket closes
            assertThat(socket.next()).isEqualTo("{\"command\":\"notification\",\"definition\":\"server_will_stop\"}");
            assertThat(socket.awaitClose()).isEqualTo(new TestSocket.Closed(1001, "Server is shutting down"));
            assertThat(socket.poll(50)).isNull();
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        server.stop(); // idempotent
    }
}
