package dev.osprey.server;

import static dev.osprey.server.JavaMediaClients.WAIT;
import static dev.osprey.server.JavaMediaClients.next;
import static dev.osprey.server.JavaMediaClients.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.core.ConditionTimeoutException;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * FFmpeg 8's WHIP muxer publishes H.264 (OpenH264, constrained baseline) and Opus; Java viewers play it
 * over the WebSocket protocol. The executable is the one of bytedeco's FFmpeg jar, unpacked by JavaCPP,
 * since Debian's FFmpeg 5 has no WHIP muxer.
 */
class WebRtcHttpFfmpegTest {

    @TempDir
    Path dir;
    private OspreyServer server;
    private WhipClient whip;
    private final JavaMediaClients clients = new JavaMediaClients();
    private Process ffmpeg;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(TestWebRoot.create(dir), Map.of());
        whip = new WhipClient(server.httpPort());
    }

    @AfterEach
    void stop() {
        if (ffmpeg != null) {
            ffmpeg.destroyForcibly();
        }
        clients.close();
        server.stop();
    }

    private Process whipEncoder(String streamId, int seconds) throws Exception {
        String executable = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        List<String> command = new ArrayList<>(List.of(executable, "-hide_banner", "-loglevel", "verbose", "-re",
                "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", Integer.toString(seconds),
                "-c:v", "libopenh264", "-profile:v", "constrained_baseline", "-bf", "0", "-g", "25",
                "-c:a", "libopus", "-ac", "2",
                "-f", "whip", "http://127.0.0.1:" + server.httpPort() + "/LiveApp/whip/" + streamId));
        ffmpeg = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("ffmpeg.log").toFile()).start();
        return ffmpeg;
    }

    private String log() throws Exception {
        return Files.readString(dir.resolve("ffmpeg.log"));
    }

    @Test
    void ffmpegsWhipMuxerPublishesH264AndOpusThatViewersPlay() throws Exception {
        Process encoder = whipEncoder("ff1", 6);
        await().atMost(WAIT).until(() -> {
            JsonNode b = whip.broadcast("ff1");
            return b != null && "broadcasting".equals(b.path("status").asText());
        });
        assertThat(whip.broadcast("ff1").path("publishType").asText()).isEqualTo("WebRTC");

        try (TestSocket viewer = TestSocket.connect(server.httpPort(), "/LiveApp/websocket")) {
            List<String> offers = new ArrayList<>();
            AtomicLong video = clients.play(viewer, "ff1", offer -> offers.add(offer.path("sdp").asText()));
            assertThat(offers.get(0)).contains("H264/90000").contains("opus/48000/2");
            try {
                await().atMost(WAIT).until(() -> video.get() > 50);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError(video.get() + " H.264 packets; ffmpeg's log:\n" + log(), e);
            }
            assertThat(encoder.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(encoder.exitValue()).as(log()).isZero();
            // At its end FFmpeg deletes its resource: the stream ends at once, not at a media timeout.
            next(viewer, notification("play_finished"));
        }
        assertThat(log()).contains("DTLS handshake is done").contains("Dispose resource");
    }
}
