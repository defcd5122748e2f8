package dev.osprey.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadTestOptionsTest {

    @Test
    void defaults() throws Exception {
        LoadTestOptions o = LoadTestOptions.parse(List.of());
        assertThat(o.url().toString()).isEqualTo("ws://127.0.0.1:5080/LiveApp/websocket");
        assertThat(o.dialect()).isEqualTo(LoadTestOptions.Dialect.AMS);
        assertThat(o.mode()).isEqualTo(LoadTestOptions.Mode.BOTH);
        assertThat(o.streams()).isEqualTo(1);
        assertThat(o.viewersPerStream()).isEqualTo(10);
        assertThat(o.rampPerSecond()).isEqualTo(50);
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.bitrate()).isEqualTo(1_500_000);
        assertThat(o.maxFailures()).isZero();
        assertThat(o.plannedPeers()).isEqualTo(11);
        assertThat(o.streamId(0)).isEqualTo("loadtest1");
    }

    @Test
    void theIssuesCommandLineInBothSpellings() throws Exception {
        LoadTestOptions o = LoadTestOptions.parse(List.of("--url", "ws://127.0.0.1:5080/LiveApp/websocket",
                "--mode", "player", "--streams=3", "--viewers-per-stream", "7", "--ramp", "20/s",
                "--duration", "90s", "--codec", "h264", "--bitrate=2M", "--datachannel", "--max-failures", "2.5%",
                "--server-pid", "1234", "--size", "640x360", "--json", "out.json"));
        assertThat(o.jsonFile()).isEqualTo("out.json");
        assertThat(o.mode()).isEqualTo(LoadTestOptions.Mode.PLAYER);
        assertThat(o.streams()).isEqualTo(3);
        assertThat(o.viewersPerStream()).isEqualTo(7);
        assertThat(o.rampPerSecond()).isEqualTo(20);
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(90));
        assertThat(o.codec()).isEqualTo(LoadTestOptions.Codec.H264);
        assertThat(o.bitrate()).isEqualTo(2_000_000);
        assertThat(o.dataChannel()).isTrue();
        assertThat(o.maxFailures()).isEqualTo(0.025);
        assertThat(o.serverPid()).isEqualTo(1234);
        assertThat(o.width()).isEqualTo(640);
        assertThat(o.height()).isEqualTo(360);
        assertThat(o.plannedPeers()).isEqualTo(21);
        assertThat(LoadTestOptions.parse(List.of("--duration", "2m")).duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(LoadTestOptions.parse(List.of("--duration", "500ms")).duration()).isEqualTo(Duration.ofMillis(500));
        assertThat(LoadTestOptions.parse(List.of("--dialect", "janus-streaming", "--mode", "player")).url()
                .toString()).isEqualTo("ws://127.0.0.1:8188/janus");
    }

    @Test
    void mistakesAreUsageErrorsWithAClearMessage() {
        assertThatThrownBy(() -> LoadTestOptions.parse(List.of("--streams", "0")))
                .isInstanceOf(LoadTestOptions.UsageException.class).hasMessage("--streams must be between 1 and 10000");
        assertThatThrownBy(() -> LoadTestOptions.parse(List.of("--codec", "vp9")))
                .hasMessage("bad --codec: vp9");
        assertThatThrownBy(() -> LoadTestOptions.parse(List.of("--frobnicate", "1")))
                .hasMessage("unknown option --frobnicate");
        assertThatThrownBy(() -> LoadTestOptions.parse(List.of("--url", "http://x/")))
                .hasMessage("--url must be ws://HOST:PORT/... or wss://...");
        assertThatThrownBy(() -> LoadTestOptions.parse(List.of("--duration")))
                .hasMessage("missing value for --duration");
        assertThatThrownBy(() -> LoadTestOptions.parse(List.of("--max-failures", "150%")))
                .hasMessage("--max-failures must be between 0 and 1 (or 0% and 100%)");
        assertThatThrownBy(() -> LoadTestOptions.parse(List.of("--stream-prefix", "a b")))
                .isInstanceOf(LoadTestOptions.UsageException.class);
        assertThatThrownBy(() -> LoadTestOptions.parse(List.of("--dialect", "janus-streaming")))
                .hasMessageStartingWith("janus-streaming publishers feed RTP mountpoints");
        assertThatThrownBy(() -> LoadTestOptions.parse(List.of("--warmup-viewers", "10")))
                .hasMessageStartingWith("--warmup-viewers needs --mode player");
    }
}
