package dev.osprey.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.server.Config;
import dev.osprey.server.OspreyServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One publisher and 20 viewers for 5 s against an Osprey started in this JVM on 127.0.0.1: every
 * viewer receives media, nothing fails, and the summary's figures are consistent.
 */
class LoadTestSmokeTest {

    @Test
    @Timeout(90)
    void onePublisherTwentyViewersFiveSeconds(@TempDir Path webRoot) throws Exception {
        try (OspreyServer server = OspreyServer.start(Config.of(Map.of(
                "server.host", "127.0.0.1",
                "server.httpPort", 0,
                "server.httpsPort", 0,
                "server.tlsCert", webRoot.resolve("no-cert.pem").toString(),
                "server.tlsKey", webRoot.resolve("no-key.pem").toString(),
                "applications", List.of("LiveApp"),
                "web.root", webRoot.toString(),
                "media.udpPort", 0,
                "rtmp.port", 0,
                "srt.port", 0)))) {
            LoadTestOptions options = LoadTestOptions.parse(List.of(
                    "--url", "ws://127.0.0.1:" + server.httpPort() + "/LiveApp/websocket",
                    "--streams", "1", "--viewers-per-stream", "20", "--duration", "5s", "--ramp", "100/s",
                    "--size", "320x180", "--fps", "15", "--bitrate", "300k", "--setup-timeout", "4s",
                    "--server-pid", Long.toString(ProcessHandle.current().pid())));
            ByteArrayOutputStream progress = new ByteArrayOutputStream();

            Summary s = new LoadTest(options, new PrintStream(progress, true, StandardCharsets.UTF_8)).run();

            String report = progress.toString(StandardCharsets.UTF_8) + s.table();
            Assumptions.assumeFalse(s.failureSamples().stream().anyMatch(f -> f.contains("webrtc_not_enabled")),
                    "this server build does not publish WebRTC yet:\n" + report);
            assertThat(s.failed()).as(report).isZero();
            assertThat(s.publishersStarted()).isEqualTo(1);
            assertThat(s.viewersStarted()).isEqualTo(20);
            assertThat(s.viewersWithMedia()).as(report).isEqualTo(20);
            assertThat(s.minPacketsPerViewer()).as(report).isPositive();
            // Each viewer gets at most what the one publisher sent.
            assertThat(s.avgPacketsPerViewer()).as(report).isLessThanOrEqualTo(s.packetsSent());
            assertThat(s.packetsReceived()).as(report).isLessThanOrEqualTo(20 * s.packetsSent());
            assertThat(s.lost()).isBetween(0L, s.expected());
            assertThat(s.viewerSetup().count()).isEqualTo(20);
            assertThat(s.viewerSetup().p50()).isPositive().isLessThanOrEqualTo(s.viewerSetup().p99());
            // Each viewer's answer → first packet lies inside its open → first packet, split at DTLS connected.
            Summary.ViewerPhases phases = s.viewerPhases();
            assertThat(phases.answerToMedia().count()).isEqualTo(20);
            assertThat(phases.answerToMedia().max()).isLessThanOrEqualTo(s.viewerSetup().max());
            assertThat(phases.handshake().max()).isLessThanOrEqualTo(phases.answerToMedia().max());
            assertThat(phases.offer().count()).isEqualTo(20);
            assertThat(s.latency().count()).as(report).isPositive();
            assertThat(s.latency().p50()).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(s.latency().p99());
            assertThat(s.latency().p99()).isLessThan(1000);
            assertThat(s.serverCpuSeconds()).isGreaterThan(0);
            assertThat(progress.toString(StandardCharsets.UTF_8)).contains("viewers 20/20 live");
        }
    }
}
