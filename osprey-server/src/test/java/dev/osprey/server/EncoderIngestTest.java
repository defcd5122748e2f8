package dev.osprey.server;

import static dev.osprey.server.JavaMediaClients.WAIT;
import static dev.osprey.server.JavaMediaClients.next;
import static dev.osprey.server.JavaMediaClients.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import org.bytedeco.javacpp.Loader;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Debian's {@code ffmpeg} (libx264 + AAC) publishes over RTMP and SRT; Java viewers play the stream over
 * WebRTC through the WebSocket protocol, and REST shows it as an RTMP or SRT broadcast.
 */
class EncoderIngestTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private OspreyServer server;
    private JavaMediaClients clients;
    private final List<Process> encoders = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = TestServers.start(TestWebRoot.create(dir), Map.of("media.publishTimeoutMs", 3000));
        clients = new JavaMediaClients();
    }

    @AfterEach
    void stop() {
        encoders.forEach(Process::destroyForcibly);
        clients.close();
        server.stop();
    }

    private Process encoder(String path, int seconds) throws IOException {
        return encoder(seconds, "flv", "rtmp://127.0.0.1:" + server.rtmpPort().orElseThrow() + path);
    }

    private Process encoder(int seconds, String format, String url) throws IOException {
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
                "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
                "-t", Integer.toString(seconds), "-c:v", "libx264", "-pix_fmt", "yuv420p", "-profile:v", "baseline",
                "-preset", "ultrafast",
                "-tune", "zerolatency", "-g", "25", "-c:a", "aac", "-f", format, url)
                .redirectErrorStream(true).redirectOutput(dir.resolve("ffmpeg-" + encoders.size() + ".log").toFile())
                .start();
        encoders.add(p);
        return p;
    }

    private JsonNode broadcast(String id) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort()
                + "/LiveApp/rest/v2/broadcasts/" + id)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? Json.parse(r.body()) : null;
    }

    @Test
    void anRtmpEncodersStreamIsPlayedOverWebRtcAndEndsWhenTheEncoderStops() throws Exception {
        Process ffmpeg = encoder("/LiveApp/rtmp1", 6);
        await().atMost(WAIT).until(() -> {
            JsonNode b = broadcast("rtmp1");
            return b != null && "broadcasting".equals(b.path("status").asText());
        });
        assertThat(broadcast("rtmp1").path("publishType").asText()).isEqualTo("RTMP");

        try (TestSocket viewer = TestSocket.connect(server.httpPort(), "/LiveApp/websocket")) {
            List<String> videoCodecs = new ArrayList<>();
            AtomicLong video = clients.play(viewer, "rtmp1", offer -> videoCodecs.add(offer.path("sdp").asText()));
            assertThat(videoCodecs.get(0)).contains("H264/90000").contains("opus/48000/2").contains("profile-level-id=42");
            await().atMost(WAIT).until(() -> video.get() > 50);
            assertThat(ffmpeg.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(ffmpeg.exitValue()).isZero();
            next(viewer, notification("play_finished"));
        }
        // A stream published without a broadcast created first is implicit (zombi): deleted when it ends.
        await().atMost(WAIT).until(() -> broadcast("rtmp1") == null);
    }

    @Test
    void anSrtEncodersMpegTsIsPlayedOverWebRtcAndEndsWhenTheEncoderStops() throws Exception {
        Process ffmpeg = encoder(6, "mpegts", "srt://127.0.0.1:" + server.srtPort().orElseThrow()
                + "?streamid=LiveApp/srt1&latency=120000&linger=2");
        await().atMost(WAIT).until(() -> {
            JsonNode b = broadcast("srt1");
            return b != null && "broadcasting".equals(b.path("status").asText());
        });
        assertThat(broadcast("srt1").path("publishType").asText()).isEqualTo("SRT");
        try (TestSocket viewer = TestSocket.connect(server.httpPort(), "/LiveApp/websocket")) {
            List<String> offers = new ArrayList<>();
            AtomicLong video = clients.play(viewer, "srt1", offer -> offers.add(offer.path("sdp").asText()));
            assertThat(offers.get(0)).contains("H264/90000").contains("opus/48000/2");
            await().atMost(WAIT).until(() -> video.get() > 50);
            assertThat(ffmpeg.waitFor(20, TimeUnit.SECONDS)).isTrue();
            next(viewer, notification("play_finished"));
        }
    }

    @Test
    void anAudioOnlySrtStreamIsPlayedAsAudioOnly() throws Exception {
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "6", "-c:a", "aac", "-f", "mpegts",
                "srt://127.0.0.1:" + server.srtPort().orElseThrow() + "?streamid=LiveApp/radio&linger=2")
                .redirectErrorStream(true).redirectOutput(dir.resolve("radio.log").toFile()).start();
        encoders.add(ffmpeg);
        await().atMost(WAIT).until(() -> {
            JsonNode b = broadcast("radio");
            return b != null && "broadcasting".equals(b.path("status").asText());
        });
        try (TestSocket viewer = TestSocket.connect(server.httpPort(), "/LiveApp/websocket")) {
            viewer.send(Json.object("command", "play", "streamId", "radio"));
            String offer = next(viewer, JavaMediaClients.command("takeConfiguration")).path("sdp").asText();
            assertThat(offer).contains("m=audio").contains("opus/48000/2").doesNotContain("m=video");
        }
    }

    @Test
    void anSrtStreamWithNothingPlayableIsClosed() throws Exception {
        // H.265 only: not taken (browsers here cannot play it over WebRTC), and there is no other track.
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
                "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-t", "20", "-c:v", "libx265", "-preset", "ultrafast",
                "-f", "mpegts", "srt://127.0.0.1:" + server.srtPort().orElseThrow() + "?streamid=LiveApp/hevc")
                .redirectErrorStream(true).redirectOutput(dir.resolve("hevc.log").toFile()).start();
        encoders.add(ffmpeg);
        assertThat(ffmpeg.waitFor(15, TimeUnit.SECONDS)).as("the server closed the connection").isTrue();
        assertThat(ffmpeg.exitValue()).isNotZero();
        assertThat(broadcast("hevc")).isNull();
    }

    @Test
    void anSrtCallerNamingNoApplicationIsRefused() throws Exception {
        Process p = encoder(4, "mpegts", "srt://127.0.0.1:" + server.srtPort().orElseThrow()
                + "?streamid=NoSuchApp/s1");
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
    }

    @Test
    void enhancedRtmpAv1FromFfmpeg8IsPlayedAsAv1() throws Exception {
        // Debian's FFmpeg 5 writes no Enhanced RTMP; the ffmpeg of bytedeco's FFmpeg 8 jar does.
        String ffmpeg8 = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        Process ffmpeg = new ProcessBuilder(ffmpeg8, "-hide_banner", "-loglevel", "error", "-re",
                "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-t", "8", "-c:v", "libsvtav1", "-preset", "10",
                "-g", "25", "-svtav1-params", "pred-struct=1", "-pix_fmt", "yuv420p", "-f", "flv",
                "rtmp://127.0.0.1:" + server.rtmpPort().orElseThrow() + "/LiveApp/av1")
                .redirectErrorStream(true).redirectOutput(dir.resolve("av1.log").toFile()).start();
        encoders.add(ffmpeg);
        await().atMost(WAIT).until(() -> {
            JsonNode b = broadcast("av1");
            return b != null && "broadcasting".equals(b.path("status").asText());
        });
        try (TestSocket viewer = TestSocket.connect(server.httpPort(), "/LiveApp/websocket")) {
            List<String> offers = new ArrayList<>();
            AtomicLong video = clients.play(viewer, "av1", offer -> offers.add(offer.path("sdp").asText()));
            assertThat(offers.get(0)).contains("AV1/90000").doesNotContain("m=audio");
            await().atMost(WAIT).until(() -> video.get() > 30);
        }
    }

    @Test
    void anEncoderSendingBFramesIsWarnedAboutOnItsBroadcast() throws Exception {
        encoders.add(new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
                "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-t", "8", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                "-profile:v", "main", "-preset", "ultrafast", "-bf", "2", "-g", "25", "-f", "flv",
                "rtmp://127.0.0.1:" + server.rtmpPort().orElseThrow() + "/LiveApp/bframes")
                .redirectErrorStream(true).redirectOutput(dir.resolve("bframes.log").toFile()).start());
        await().atMost(WAIT).until(() -> {
            JsonNode b = broadcast("bframes");
            return b != null && b.path("encoderWarning").asText().contains("B-frames");
        });
    }

    @Test
    void aSecondEncoderForALiveStreamIsRefusedAndTheFirstPlaysOn() throws Exception {
        encoder("/LiveApp/taken", 8);
        await().atMost(WAIT).until(() -> {
            JsonNode b = broadcast("taken");
            return b != null && "broadcasting".equals(b.path("status").asText());
        });
        Process second = encoder("/LiveApp/taken", 8);
        assertThat(second.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isNotZero();
        assertThat(broadcast("taken").path("status").asText()).isEqualTo("broadcasting");
    }

    @Test
    void anEncoderNamingNoApplicationIsRefused() throws Exception {
        Process p = encoder("/NoSuchApp/s1", 4);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
    }
}
