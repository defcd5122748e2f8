package dev.osprey.server;

import static dev.osprey.server.JavaMediaClients.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osprey.server.store.AppSettings;
import dev.osprey.server.store.ApplicationData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Live HLS end to end: Debian's {@code ffmpeg} publishes H.264 + AAC over RTMP; the server serves the
 * stream as (Low-Latency) HLS at {@code /LiveApp/streams/{id}.m3u8}; {@code ffmpeg}/{@code ffprobe}
 * play it. One server for the class; each test sets the settings it needs.
 */
class HlsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** A part line of a playlist (not the preload hint): stream, msn, part index. */
    private static final Pattern LAST_PART = Pattern.compile("#EXT-X-PART:[^\\n]*URI=\"(\\w+?)(\\d{9})_p(\\d+)\\.(ts|m4s)\"");

    @TempDir
    static Path dir;
    private static OspreyServer server;
    private final List<Process> encoders = new ArrayList<>();

    @BeforeAll
    static void startServer() throws IOException {
        server = TestServers.start(TestWebRoot.create(dir), java.util.Map.of("media.publishTimeoutMs", 3000));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @BeforeEach
    void defaults() {
        settings(s -> { });
    }

    @AfterEach
    void stopEncoders() {
        encoders.forEach(Process::destroyForcibly);
    }

    private static void settings(Consumer<AppSettings> change) {
        ApplicationData app = server.services().data("LiveApp");
        AppSettings settings = new AppSettings();
        change.accept(settings);
        app.saveSettings(settings);
    }

    private static Path streamsFolder() {
        return server.services().data("LiveApp").vodFolder().root();
    }

    /** Publishes {@code seconds} of 320x240 H.264 and AAC over RTMP ({@link RtmpTestEncoder}). */
    private Process publish(String streamId, int seconds) throws IOException {
        Process p = RtmpTestEncoder.publish(server.rtmpPort().orElseThrow(), streamId, seconds,
                dir.resolve("ffmpeg-" + streamId + ".log"));
        encoders.add(p);
        return p;
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.httpPort() + "/LiveApp/streams/" + path;
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            r.headers(headers);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The playlist once it lists {@code segments} complete segments. */
    private static String awaitSegments(String streamId, int segments) {
        String[] playlist = new String[1];
        await().atMost(Duration.ofSeconds(segments * 2L + 15)).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpResponse<byte[]> r = get(streamId + ".m3u8");
            playlist[0] = text(r);
            return r.statusCode() == 200 && playlist[0].split("#EXTINF:", -1).length - 1 >= segments;
        });
        return playlist[0];
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out.trim();
    }

    private static JsonNode broadcast(String streamId) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort()
                + "/LiveApp/rest/v2/broadcasts/" + streamId)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? Json.parse(r.body()) : null;
    }

    @Test
    void aLiveStreamIsServedAsLowLatencyHlsThatFfmpegDecodesWithoutAnError() throws Exception {
        publish("ll1", 30);
        String playlist = awaitSegments("ll1", 2);
        assertThat(playlist).startsWith("#EXTM3U\n#EXT-X-VERSION:9\n#EXT-X-TARGETDURATION:2\n")
                .contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=12,PART-HOLD-BACK=1.5\n")
                .contains("#EXT-X-PART-INF:PART-TARGET=0.5\n")
                .containsPattern("#EXT-X-PART:DURATION=0\\.(4[5-9]\\d|500),URI=\"ll1000000000_p0.ts\",INDEPENDENT=YES\n")
                .contains("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"ll1")
                .contains("#EXT-X-PROGRAM-DATE-TIME:");
        Matcher durations = Pattern.compile("#EXTINF:([\\d.]+),").matcher(playlist);
        while (durations.find()) {
            assertThat(Double.parseDouble(durations.group(1))).as("segments of about hlsTime").isBetween(1.7, 2.3);
        }

        HttpResponse<byte[]> segment = get("ll1000000000.ts");
        assertThat(segment.statusCode()).isEqualTo(200);
        assertThat(segment.headers().firstValue("content-type")).hasValue("video/mp2t");
        assertThat(segment.headers().firstValue("access-control-allow-origin")).hasValue("*");
        HttpResponse<byte[]> part = get("ll1000000000_p1.ts");
        assertThat(part.statusCode()).isEqualTo(200);
        assertThat(indexOf(segment.body(), part.body())).as("a part is a piece of its segment").isPositive();
        HttpResponse<byte[]> range = get("ll1000000000.ts", "Range", "bytes=188-375");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(segment.body(), 188, 376));

        // A real HLS client reads the live playlist and decodes video and audio without an error.
        String decoded = run("ffmpeg", "-v", "error", "-i", url("ll1.m3u8"), "-t", "6", "-f", "framemd5", "-");
        long video = decoded.lines().filter(l -> l.startsWith("0,")).count();
        long audio = decoded.lines().filter(l -> l.startsWith("1,")).count();
        assertThat(decoded.lines().filter(l -> !l.startsWith("#") && !l.matches("^[01],.*"))).as("errors").isEmpty();
        assertThat(video).isGreaterThan(6 * 25 * 8 / 10);
        assertThat(audio).isGreaterThan(6 * 48_000 / 1024 * 8 / 10);
        assertThat(run("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0",
                url("ll1.m3u8"))).contains("h264,320,240").contains("aac");

        // Once the playlist spans more than six target durations, a delta update leaves the oldest out.
        String full = awaitSegments("ll1", 8);
        String delta = text(get("ll1.m3u8?_HLS_skip=YES"));
        assertThat(full).doesNotContain("#EXT-X-SKIP");
        assertThat(delta).containsPattern("#EXT-X-SKIP:SKIPPED-SEGMENTS=[1-9]\n").doesNotContain("\nll1000000000.ts\n");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void aBlockingReloadIsAnsweredWhenTheNextPartIsOutAndBadOnesAreRefused() throws Exception {
        publish("block", 30);
        String playlist = awaitSegments("block", 1);
        Matcher last = LAST_PART.matcher(playlist);
        String lastPart = null;
        while (last.find()) {
            lastPart = last.group(2) + "/" + last.group(3);
        }
        assertThat(lastPart).isNotNull();
        long msn = Long.parseLong(lastPart.split("/")[0]);
        int part = Integer.parseInt(lastPart.split("/")[1]);
        // Five reloads in a row, each for the part after the newest the last answer listed: each waits for
        // that part to be cut, so about a part's duration (0.48 s at 25 fps), never much more.
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            HttpResponse<byte[]> blocked = get("block.m3u8?_HLS_msn=" + msn + "&_HLS_part=" + (part + 1));
            waits.add((System.nanoTime() - started) / 1_000_000);
            assertThat(blocked.statusCode()).isEqualTo(200);
            Matcher newest = LAST_PART.matcher(text(blocked));
            long answeredMsn = -1;
            int answeredPart = -1;
            while (newest.find()) {
                answeredMsn = Long.parseLong(newest.group(2));
                answeredPart = Integer.parseInt(newest.group(3));
            }
            assertThat(answeredMsn > msn || answeredMsn == msn && answeredPart > part)
                    .as("the answer lists a part after %d.%d:\n%s", msn, part, text(blocked)).isTrue();
            msn = answeredMsn;
            part = answeredPart;
        }
        waits.sort(null);
        assertThat(waits.get(2)).as("median wait of %s ms", waits).isLessThan(750);

        // The preload hint's part, asked for before it exists, is answered once it is cut. (A hint for p1 to p3:
        // every 2 s segment at 25 fps has those; a p4 may not come when the segment is cut first.)
        Pattern hintPattern = Pattern.compile("PRELOAD-HINT:TYPE=PART,URI=\"(block\\d{9}_p([1-3])\\.ts)\"");
        Matcher[] hint = new Matcher[1];
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> (hint[0] = hintPattern.matcher(text(get("block.m3u8")))).find());
        assertThat(get(hint[0].group(1)).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> hinted = get(hint[0].group(1));
        assertThat(hinted.headers().firstValue("content-type")).hasValue("video/mp2t");
        assertThat(hinted.body().length).as("whole transport packets").isPositive().matches(n -> n % 188 == 0);
        assertThat(text(get("block.m3u8"))).contains("URI=\"" + hint[0].group(1) + "\"");
        assertThat(get("block.m3u8?_HLS_msn=" + (msn + 50)).statusCode()).as("too far ahead").isEqualTo(400);
        assertThat(get("block.m3u8?_HLS_part=1").statusCode()).as("part without msn").isEqualTo(400);
        assertThat(get("block.m3u8?_HLS_msn=x&_HLS_part=1").statusCode()).isEqualTo(400);
        assertThat(get("block.m3u8?_HLS_msn=1&_HLS_part=-3").statusCode()).isEqualTo(400);
    }

    @Test
    void fmp4SegmentsComeWithTheirInitSegmentAndDecode() throws Exception {
        settings(s -> s.hlsSegmentType = "fmp4");
        publish("cmaf", 30);
        String playlist = awaitSegments("cmaf", 2);
        Matcher map = Pattern.compile("#EXT-X-MAP:URI=\"(cmaf_\\d+_init\\.mp4)\"").matcher(playlist);
        assertThat(map.find()).as(playlist).isTrue();
        assertThat(playlist).contains("cmaf000000000.m4s\n").contains("URI=\"cmaf000000000_p0.m4s\",INDEPENDENT=YES\n");
        HttpResponse<byte[]> init = get(map.group(1));
        assertThat(init.statusCode()).isEqualTo(200);
        assertThat(new String(init.body(), 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ftyp");
        String decoded = run("ffmpeg", "-v", "error", "-i", url("cmaf.m3u8"), "-t", "4", "-f", "framemd5", "-");
        assertThat(decoded.lines().filter(l -> l.startsWith("0,")).count()).isGreaterThan(4 * 25 * 8 / 10);
        assertThat(decoded.lines().filter(l -> l.startsWith("1,")).count()).isGreaterThan(4 * 48_000 / 1024 * 8 / 10);
        assertThat(decoded.lines().filter(l -> !l.startsWith("#") && !l.matches("^[01],.*"))).as("errors").isEmpty();
    }

    @Test
    void withPlayTokensOnAPlaylistWithoutATokenIsForbidden() throws Exception {
        publish("secret", 30);
        awaitSegments("secret", 1);
        settings(s -> s.playTokenControlEnabled = true);
        try {
            assertThat(get("secret.m3u8").statusCode()).isEqualTo(403);
            assertThat(get("secret000000000.ts").statusCode()).isEqualTo(403);
            assertThat(get("secret.m3u8?token=made-up").statusCode()).isEqualTo(403);
            HttpResponse<String> token = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort()
                    + "/LiveApp/rest/v2/broadcasts/secret/token?type=play&expireDate="
                    + (System.currentTimeMillis() / 1000 + 3600))).build(), HttpResponse.BodyHandlers.ofString());
            String tokenId = Json.parse(token.body()).path("tokenId").asText();
            HttpResponse<byte[]> playlist = get("secret.m3u8?token=" + tokenId);
            assertThat(playlist.statusCode()).isEqualTo(200);
            // The playlist's URIs carry the token: a player requests them as written.
            String segment = text(playlist).lines().filter(l -> l.startsWith("secret0")).findFirst().orElseThrow();
            assertThat(segment).endsWith(".ts?token=" + tokenId);
            assertThat(text(playlist)).contains("_p0.ts?token=" + tokenId + "\"");
            assertThat(get(segment).statusCode()).as("the token is not used up").isEqualTo(200);
        } finally {
            settings(s -> { });
        }
    }

    @Test
    void theEndAddsTheEndTagAndDeleteHlsFilesOnEndedRemovesTheFiles() throws Exception {
        Process ffmpeg = publish("short", 5);
        awaitSegments("short", 1);
        try (Stream<Path> files = Files.list(streamsFolder())) {
            assertThat(files.map(f -> f.getFileName().toString())).contains("short.m3u8", "short000000000.ts");
        }
        assertThat(ffmpeg.waitFor(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(WAIT).until(() -> text(get("short.m3u8")).endsWith("#EXT-X-ENDLIST\n"));
        await().atMost(WAIT).until(() -> {
            try (Stream<Path> files = Files.list(streamsFolder())) {
                return files.noneMatch(f -> f.getFileName().toString().startsWith("short"));
            }
        });
        assertThat(get("nobody.m3u8").statusCode()).as("an unknown stream").isEqualTo(404);
        assertThat(get("nobody000000000.ts").statusCode()).isEqualTo(404);
    }

    @Test
    void withoutDeletionTheEndedPlaylistStaysOnDiskAsARecording() throws Exception {
        settings(s -> s.deleteHLSFilesOnEnded = false);
        Process ffmpeg = publish("kept", 5);
        awaitSegments("kept", 1);
        assertThat(ffmpeg.waitFor(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(WAIT).until(() -> Files.exists(streamsFolder().resolve("kept.m3u8"))
                && Files.readString(streamsFolder().resolve("kept.m3u8")).endsWith("#EXT-X-ENDLIST\n"));
        String decoded = run("ffmpeg", "-v", "error", "-i", streamsFolder().resolve("kept.m3u8").toString(), "-f", "framemd5", "-");
        assertThat(decoded.lines().filter(l -> l.startsWith("0,")).count()).isGreaterThan(3 * 25);
    }

    @Test
    void aPlayerIsCountedAsAnHlsViewerOfTheBroadcast() throws Exception {
        publish("watched", 40);
        awaitSegments("watched", 1);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
            get("watched.m3u8");
            JsonNode b = broadcast("watched");
            return b != null && b.path("hlsViewerCount").asInt() == 1;
        });
    }

    @Test
    void aPlaylistAStoppedServerLeftLiveIsDeletedWithItsSegmentsAtTheStart() throws Exception {
        Path folder = Files.createDirectories(streamsFolder());
        Files.writeString(folder.resolve("old.m3u8"), "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.000,\nold000000007.ts\n"
                + "#EXTINF:2.000,\n../../escape.ts\n#EXTINF:2.000,\nother000000001.ts\n");
        Files.write(folder.resolve("old000000007.ts"), new byte[188]);
        Files.write(folder.resolve("other000000001.ts"), new byte[188]);
        Files.writeString(folder.resolve("done.m3u8"), "#EXTM3U\n#EXTINF:2.000,\ndone000000000.ts\n#EXT-X-ENDLIST\n");
        server.stop();
        server = TestServers.start(TestWebRoot.create(dir), java.util.Map.of("media.publishTimeoutMs", 3000));
        await().atMost(WAIT).until(() -> !Files.exists(folder.resolve("old.m3u8")));
        assertThat(folder.resolve("old000000007.ts")).doesNotExist();
        assertThat(folder.resolve("other000000001.ts")).as("not that stream's").exists();
        assertThat(folder.resolve("done.m3u8")).as("an ended playlist is a recording").exists();
    }
}
