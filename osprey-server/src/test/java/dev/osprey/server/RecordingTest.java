package dev.osprey.server;

import static dev.osprey.server.JavaMediaClients.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.osprey.server.store.AppSettings;
import dev.osprey.server.store.ApplicationData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Live recording end to end: Debian's {@code ffmpeg} publishes H.264 + AAC over RTMP, the server records
 * it to MP4 as the broadcast, the application or REST asks, lists the file as a VoD and calls the
 * {@code vodReady} webhook; {@code ffprobe} and {@code ffmpeg} check the files.
 */
class RecordingTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private Path webRoot;
    private OspreyServer server;
    private HttpServer receiver;
    private final List<JsonNode> hooks = new CopyOnWriteArrayList<>();
    private final List<Process> encoders = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            hooks.add(Json.parse(new String(exchange.getRequestBody().readAllBytes())));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        webRoot = TestWebRoot.create(dir);
        server = startServer();
    }

    private OspreyServer startServer() {
        return startServer(Map.of());
    }

    private OspreyServer startServer(Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(overrides);
        config.put("media.publishTimeoutMs", 3000);
        OspreyServer s = TestServers.start(webRoot, config);
        ApplicationData app = s.services().data("LiveApp");
        AppSettings settings = app.settingsCopy();
        settings.webhookAllowPrivateAddresses = true;
        settings.hlsMuxingEnabled = false; // the streams folder then holds the recordings only
        settings.listenerHookURL = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        app.saveSettings(settings);
        return s;
    }

    @AfterEach
    void stop() {
        encoders.forEach(Process::destroyForcibly);
        if (server != null) {
            server.stop();
        }
        receiver.stop(0);
    }

    private Path vodFolder() {
        return server.services().data("LiveApp").vodFolder().root();
    }

    /** Publishes {@code seconds} of 320x240 H.264 and AAC over RTMP ({@link RtmpTestEncoder}). */
    private Process publish(String streamId, int seconds) throws IOException {
        Process p = RtmpTestEncoder.publish(server.rtmpPort().orElseThrow(), streamId, seconds,
                dir.resolve("ffmpeg-" + encoders.size() + ".log"));
        encoders.add(p);
        return p;
    }

    private HttpResponse<String> rest(String method, String path, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort()
                + "/LiveApp/rest/v2" + path)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            r.header("Content-Type", "application/json");
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String method, String path, String body) throws Exception {
        HttpResponse<String> r = rest(method, path, body);
        assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(200);
        return Json.parse(r.body());
    }

    private List<JsonNode> vods() throws Exception {
        List<JsonNode> list = new ArrayList<>();
        json("GET", "/vods/list/0/50", null).forEach(list::add);
        return list;
    }

    private void awaitLive(String streamId) {
        await().atMost(WAIT).until(() -> {
            HttpResponse<String> r = rest("GET", "/broadcasts/" + streamId, null);
            return r.statusCode() == 200 && Json.parse(r.body()).path("status").asText().equals("broadcasting");
        });
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out.trim();
    }

    private static String codecs(Path file) throws Exception {
        return run("ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", file.toString())
                .replace('\n', ',');
    }

    private static String decodingErrors(Path file) throws Exception {
        return run("ffmpeg", "-v", "error", "-threads", "1", "-i", file.toString(), "-f", "null", "-");
    }

    private List<String> filesInVodFolder() throws IOException {
        if (!Files.isDirectory(vodFolder())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(vodFolder())) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aStreamWhoseBroadcastAsksForMp4IsRecordedListedAndAnnounced() throws Exception {
        json("POST", "/broadcasts/create", "{\"streamId\":\"lesson1\",\"name\":\"Lesson one\",\"mp4Enabled\":1}");
        Process ffmpeg = publish("lesson1", 4);
        assertThat(ffmpeg.waitFor(30, TimeUnit.SECONDS)).isTrue();

        await().atMost(WAIT).until(() -> vods().size() == 1);
        JsonNode vod = vods().getFirst();
        assertThat(vod.path("streamId").asText()).isEqualTo("lesson1");
        assertThat(vod.path("streamName").asText()).isEqualTo("Lesson one");
        assertThat(vod.path("type").asText()).isEqualTo("streamVod");
        assertThat(vod.path("vodName").asText()).isEqualTo("lesson1.mp4");
        assertThat(vod.path("filePath").asText()).isEqualTo("streams/lesson1.mp4");
        // from the first keyframe the tap saw: an RTMP encoder sends one a second, on its own schedule
        assertThat(vod.path("duration").asLong()).isBetween(2_500L, 4_500L);
        assertThat(vod.path("startTime").asLong()).isPositive();
        Path file = vodFolder().resolve("lesson1.mp4");
        assertThat(vod.path("fileSize").asLong()).isEqualTo(Files.size(file));
        assertThat(filesInVodFolder()).containsExactly("lesson1.mp4");
        assertThat(codecs(file)).isEqualTo("h264,aac");
        assertThat(decodingErrors(file)).isEmpty();

        await().atMost(WAIT).until(() -> hooks.stream().anyMatch(h -> h.path("action").asText().equals("vodReady")));
        JsonNode hook = hooks.stream().filter(h -> h.path("action").asText().equals("vodReady")).findFirst().orElseThrow();
        assertThat(hook.path("id").asText()).isEqualTo("lesson1");
        assertThat(hook.path("vodName").asText()).isEqualTo("lesson1");
        assertThat(hook.path("vodId").asText()).isEqualTo(vod.path("vodId").asText());
    }

    @Test
    void theApplicationSettingRecordsEveryStreamButOneThatOptsOutAndATakenNameGetsASuffix() throws Exception {
        ApplicationData app = server.services().data("LiveApp");
        AppSettings settings = app.settingsCopy();
        settings.mp4MuxingEnabled = true;
        app.saveSettings(settings);
        json("POST", "/broadcasts/create", "{\"streamId\":\"private1\",\"mp4Enabled\":-1}");

        for (String id : List.of("class", "class", "private1")) {
            assertThat(publish(id, 2).waitFor(30, TimeUnit.SECONDS)).isTrue();
            await().atMost(WAIT).until(() -> !server.media().service("LiveApp").isLive(id));
        }

        await().atMost(WAIT).until(() -> vods().size() == 2);
        assertThat(vods()).extracting(v -> v.path("vodName").asText()).containsExactlyInAnyOrder("class.mp4", "class_1.mp4");
        assertThat(filesInVodFolder()).containsExactly("class.mp4", "class_1.mp4");
    }

    @Test
    void restStartsAndStopsTheRecordingOfALiveStreamAndRefusesAContainerThatCannotHoldItsCodec() throws Exception {
        json("POST", "/broadcasts/create", "{\"streamId\":\"talk\"}");
        publish("talk", 30);
        awaitLive("talk");

        JsonNode webm = json("PUT", "/broadcasts/talk/recording/true?recordType=webm", null);
        assertThat(webm.path("success").asBoolean()).isFalse();
        assertThat(webm.path("message").asText()).containsIgnoringCase("h264").contains("WEBM");
        assertThat(filesInVodFolder()).isEmpty();

        assertThat(json("PUT", "/broadcasts/talk/recording/true?recordType=mp4", null).path("success").asBoolean()).isTrue();
        assertThat(json("PUT", "/broadcasts/talk/recording/true", null).path("success").asBoolean())
                .as("a second start of the same recording").isFalse();
        assertThat(json("GET", "/broadcasts/talk", null).path("mp4Enabled").asInt()).isEqualTo(1);
        Path partial = vodFolder().resolve("talk.mp4.tmp_extension");
        await().atMost(WAIT).until(() -> Files.exists(partial) && Files.size(partial) > 50_000);

        assertThat(json("PUT", "/broadcasts/talk/recording/false", null).path("success").asBoolean()).isTrue();
        await().atMost(WAIT).until(() -> vods().size() == 1);
        assertThat(filesInVodFolder()).containsExactly("talk.mp4");
        assertThat(codecs(vodFolder().resolve("talk.mp4"))).isEqualTo("h264,aac");
        assertThat(decodingErrors(vodFolder().resolve("talk.mp4"))).isEmpty();
        assertThat(json("GET", "/broadcasts/talk", null).path("mp4Enabled").asInt()).isEqualTo(-1);
        JsonNode again = json("PUT", "/broadcasts/talk/recording/false", null);
        assertThat(again.path("success").asBoolean()).as("stopping what is not recorded").isFalse();
    }

    @Test
    void aStreamThatIsNotLiveIsRecordedFromItsNextPublishAndBadRequestsAreRefused() throws Exception {
        json("POST", "/broadcasts/create", "{\"streamId\":\"later\"}");

        JsonNode result = json("PUT", "/broadcasts/later/recording/true?recordType=mp4", null);

        assertThat(result.path("success").asBoolean()).isTrue();
        assertThat(json("GET", "/broadcasts/later", null).path("mp4Enabled").asInt()).isEqualTo(1);
        assertThat(rest("PUT", "/broadcasts/later/recording/true?recordType=avi", null).statusCode()).isEqualTo(400);
        assertThat(rest("PUT", "/broadcasts/later/recording/maybe", null).statusCode()).isEqualTo(400);
        assertThat(rest("PUT", "/broadcasts/nobody/recording/true", null).statusCode()).isEqualTo(404);
        assertThat(rest("PUT", "/broadcasts/..%2Fx/recording/true", null).statusCode()).isIn(400, 404);

        assertThat(publish("later", 2).waitFor(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(WAIT).until(() -> vods().size() == 1);
        assertThat(vods().getFirst().path("vodName").asText()).isEqualTo("later.mp4");
    }

    @Test
    void aResolutionChangeMidStreamContinuesInTheSameFile() throws Exception {
        Path small = dir.resolve("small.ts");
        Path large = dir.resolve("large.ts");
        for (Path part : List.of(small, large)) {
            run("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=rate=25:size=" + (part == small ? "320x240" : "640x360"),
                    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "3", "-c:v", "libx264",
                    "-profile:v", "baseline", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac", part.toString());
        }
        Path list = Files.writeString(dir.resolve("parts.txt"), "file '" + small + "'\nfile '" + large + "'\n");
        json("POST", "/broadcasts/create", "{\"streamId\":\"resize\",\"mp4Enabled\":1}");
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-v", "error", "-re", "-f", "concat", "-safe", "0",
                "-i", list.toString(), "-c", "copy", "-f", "flv",
                "rtmp://127.0.0.1:" + server.rtmpPort().orElseThrow() + "/LiveApp/resize")
                .redirectErrorStream(true).redirectOutput(dir.resolve("resize.log").toFile()).start();
        encoders.add(ffmpeg);
        assertThat(ffmpeg.waitFor(30, TimeUnit.SECONDS)).isTrue();

        await().atMost(WAIT).until(() -> vods().size() == 1);
        Path file = vodFolder().resolve("resize.mp4");
        List<String> widths = run("ffprobe", "-v", "error", "-select_streams", "v", "-show_entries", "frame=width",
                "-of", "csv=p=0", file.toString()).lines().map(String::strip).distinct().toList();
        assertThat(widths).contains("320", "640");
        assertThat(decodingErrors(file)).isEmpty();
    }

    @Test
    void aServerStoppedWhileRecordingFinishesAndListsTheFile() throws Exception {
        json("POST", "/broadcasts/create", "{\"streamId\":\"shutdown\",\"mp4Enabled\":1}");
        publish("shutdown", 30);
        Path partial = vodFolder().resolve("shutdown.mp4.tmp_extension");
        await().atMost(WAIT).until(() -> Files.exists(partial) && Files.size(partial) > 50_000);

        server.stop();

        assertThat(filesInVodFolder()).containsExactly("shutdown.mp4");
        assertThat(decodingErrors(vodFolder().resolve("shutdown.mp4"))).isEmpty();
        server = startServer();
        assertThat(vods()).extracting(v -> v.path("vodName").asText()).containsExactly("shutdown.mp4");
    }

    @Test
    void noRecordingStartsWhenTheDiskHasLessFreeSpaceThanConfigured() throws Exception {
        server.stop();
        server = startServer(Map.of("recording.minFreeDiskMb", Integer.MAX_VALUE)); // 2 PiB: never free
        json("POST", "/broadcasts/create", "{\"streamId\":\"full\",\"mp4Enabled\":1}");
        publish("full", 30);
        awaitLive("full");

        JsonNode result = json("PUT", "/broadcasts/full/recording/true?recordType=mp4", null);

        assertThat(result.path("success").asBoolean()).isFalse();
        assertThat(result.path("message").asText()).contains("free on the recording disk");
        assertThat(filesInVodFolder()).isEmpty();
        assertThat(vods()).isEmpty();
    }

    @Test
    void aPartialFileAKilledServerLeftIsFinishedAndListedAtTheNextStart() throws Exception {
        server.stop();
        Path folder = vodFolder();
        Files.createDirectories(folder);
        // what a killed recorder leaves: a fragmented MP4 cut in the middle of its last fragment
        Path fragmented = dir.resolve("fragmented.mp4");
        run("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-f", "lavfi",
                "-i", "sine=frequency=440:sample_rate=48000", "-t", "4", "-c:v", "libx264", "-g", "25",
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-metadata", "streamId=crashed", "-movflags",
                "frag_keyframe+empty_moov+default_base_moof+use_metadata_tags", fragmented.toString());
        try (RandomAccessFile f = new RandomAccessFile(fragmented.toFile(), "rw")) {
            f.setLength(f.length() * 8 / 10); // into the video of the last fragment
        }
        Files.copy(fragmented, folder.resolve("free.mp4.tmp_extension"));
        Files.move(fragmented, folder.resolve("crashed.mp4.tmp_extension"));
        Files.write(folder.resolve("junk.webm.tmp_extension"), "not a recording".getBytes());
        Files.write(folder.resolve("crashed.mp4"), new byte[] {1}); // the name is taken

        server = startServer();

        await().atMost(Duration.ofSeconds(30)).until(() -> vods().size() == 2);
        JsonNode vod = vods().stream().filter(v -> v.path("vodName").asText().startsWith("crashed")).findFirst().orElseThrow();
        assertThat(vod.path("streamId").asText()).isEqualTo("crashed");
        assertThat(vod.path("vodName").asText()).as("its own name is taken").isEqualTo("crashed_1.mp4");
        assertThat(vods()).extracting(v -> v.path("vodName").asText()).contains("free.mp4");
        assertThat(vod.path("duration").asLong()).isBetween(2_000L, 3_900L);
        Path recovered = folder.resolve("crashed_1.mp4");
        assertThat(codecs(recovered)).isEqualTo("h264,aac");
        assertThat(decodingErrors(recovered)).isEmpty();
        assertThat(filesInVodFolder()).containsExactly("crashed.mp4", "crashed_1.mp4", "free.mp4", "junk.webm.tmp_extension");
    }
}
