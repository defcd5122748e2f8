package dev.osprey.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osprey.server.store.ApplicationData;
import dev.osprey.server.store.VodEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.osprey.server.rest.BroadcastRestTest.assertResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The VoD endpoints of /{App}/rest/v2 over real HTTP, with real media files made by ffmpeg. */
class VodRestTest {

    private static final String BASE = "/WebRTCAppEE/rest/v2/vods";

    @TempDir
    static Path dir;
    static RestTestServer server;
    static Path clip;
    static Path image;

    @BeforeAll
    static void start() throws Exception {
        server = new RestTestServer(dir);
        clip = dir.resolve("clip.mp4");
        Process ffmpeg = new ProcessBuilder("/usr/bin/ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc=size=160x120:rate=10", "-t", "2", "-c:v", "libx264", "-pix_fmt", "yuv420p", clip.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(ffmpeg.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ffmpeg.exitValue()).isZero();
        image = dir.resolve("still.png");
        Process still = new ProcessBuilder("/usr/bin/ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc=size=160x120", "-frames:v", "1", image.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(still.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(still.exitValue()).isZero();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ApplicationData app() {
        return server.server.services().data("WebRTCAppEE");
    }

    /** A recording as the recorder registers it: a real file in the VoD folder. */
    private static VodEntry record(String streamId, String fileName) throws IOException {
        Path file = app().vodFolder().create().resolve(fileName);
        Files.copy(clip, file);
        return app().addRecording(streamId, streamId + " name", file, System.currentTimeMillis(), 2_000);
    }

    private static RestTestServer.Reply upload(String query, String fileName, byte[] content) {
        String boundary = "osprey-test-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.server.httpPort() + BASE
                        + "/create" + query))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        try {
            HttpResponse<String> r = RestTestServer.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new RestTestServer.Reply(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String name(String text) {
        return "?name=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static List<String> listedIds(String query) {
        RestTestServer.Reply r = server.get(BASE + "/list/0/50" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.json().forEach(v -> ids.add(v.get("vodId").asText()));
        return ids;
    }

    private static long filesIn(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }

    @Test
    void aRegisteredRecordingIsListedCountedReadAndDeletedWithItsFile() throws Exception {
        long before = server.get(BASE + "/count").json().get("number").asLong();
        VodEntry vod = record("rec1", "rec1-a.mp4");
        assertThat(server.get(BASE + "/count").json().get("number").asLong()).isEqualTo(before + 1);

        JsonNode one = server.get(BASE + "/" + vod.vodId()).json();
        assertThat(one.get("vodId").asText()).isEqualTo(vod.vodId());
        assertThat(one.get("vodName").asText()).isEqualTo("rec1-a.mp4");
        assertThat(one.get("streamId").asText()).isEqualTo("rec1");
        assertThat(one.get("streamName").asText()).isEqualTo("rec1 name");
        assertThat(one.get("type").asText()).isEqualTo("streamVod");
        assertThat(one.get("filePath").asText()).isEqualTo("streams/rec1-a.mp4");
        assertThat(one.get("fileSize").asLong()).isEqualTo(Files.size(clip));
        assertThat(one.get("duration").asLong()).isEqualTo(2_000);
        assertThat(one.get("creationDate").asLong()).isPositive();
        assertThat(one.get("startTime").asLong()).isPositive();
        assertThat(one.has("previewFilePath")).isTrue();
        assertThat(listedIds("?streamId=rec1")).containsExactly(vod.vodId());

        Path file = app().vodFolder().root().resolve("rec1-a.mp4");
        assertThat(file).exists();
        RestTestServer.Reply deleted = server.send("DELETE", BASE + "/" + vod.vodId(), null);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(deleted.json().get("success").asBoolean()).isTrue();
        assertThat(file).doesNotExist();
        assertResult(server.get(BASE + "/" + vod.vodId()), 404, "VoD not found");
        assertThat(server.get(BASE + "/count").json().get("number").asLong()).isEqualTo(before);
    }

    @Test
    void aBulkDeleteRemovesTheListedVodsAndTheirFilesAndSaysWhenOneWasMissing() throws Exception {
        VodEntry a = record("bulk1", "bulk1.mp4");
        VodEntry b = record("bulk2", "bulk2.mp4");
        VodEntry kept = record("bulk3", "bulk3.mp4");
        Path folder = app().vodFolder().root();

        RestTestServer.Reply r = server.send("DELETE", BASE + "?ids=" + a.vodId() + "," + b.vodId() + ",nosuchvod", null);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("success").asBoolean()).isFalse();
        assertThat(r.json().get("message").asText()).isEqualTo("2 of 3 VoDs deleted");
        assertThat(folder.resolve("bulk1.mp4")).doesNotExist();
        assertThat(folder.resolve("bulk2.mp4")).doesNotExist();
        assertThat(folder.resolve("bulk3.mp4")).exists();
        assertThat(app().store().vod(kept.vodId())).isPresent();
        assertThat(server.send("DELETE", BASE + "?ids=" + kept.vodId(), null).json().get("success").asBoolean()).isTrue();
        assertThat(server.send("DELETE", BASE + "?ids=", null).status()).isEqualTo(400);
        assertThat(server.send("DELETE", BASE + "?ids=..%2F..%2Fx", null).status()).isEqualTo(400);
    }

    @Test
    void unknownAndMalformedIdsAnswerWithAResult() {
        assertResult(server.get(BASE + "/nosuchvod"), 404, "VoD not found");
        assertResult(server.send("DELETE", BASE + "/nosuchvod", null), 404, "VoD not found");
        assertResult(server.get(BASE + "/bad%20id"), 400,
                "Invalid VoD id: only letters, digits, '_', '.' and '-' are allowed (1-255)");
    }

    @Test
    void anEntryNamingAFileOutsideTheFolderIsDeletedWithoutTouchingThatFile() throws Exception {
        Path outside = Files.writeString(dir.resolve("precious.txt"), "keep me");
        VodEntry forged = new VodEntry("forged1", "x.mp4", "s", "s", 1, 0, 0, 7, "streams/../../precious.txt",
                VodEntry.UPLOADED_VOD, null);
        assertThat(app().store().createVod(forged)).isTrue();
        assertThat(server.send("DELETE", BASE + "/forged1", null).status()).isEqualTo(200);
        assertThat(outside).hasContent("keep me");
        assertThat(app().store().vod("forged1")).isEmpty();
    }

    @Test
    void listsSortByNameAndDateAndSearch() throws Exception {
        VodEntry b = record("sort1", "sort-b.mp4");
        Thread.sleep(5);
        VodEntry a = record("sort1", "Sort-A.mp4");
        Thread.sleep(5);
        VodEntry c = record("sort1", "sort-c.mp4");
        assertThat(listedIds("?streamId=sort1")).containsExactly(c.vodId(), a.vodId(), b.vodId());
        assertThat(listedIds("?streamId=sort1&sort_by=name&order_by=asc")).containsExactly(a.vodId(), b.vodId(), c.vodId());
        assertThat(listedIds("?streamId=sort1&sort_by=name&order_by=desc")).containsExactly(c.vodId(), b.vodId(), a.vodId());
        assertThat(listedIds("?streamId=sort1&sort_by=date&order_by=asc")).containsExactly(b.vodId(), a.vodId(), c.vodId());
        assertThat(listedIds("?search=SORT-a")).containsExactly(a.vodId());
        assertThat(server.get(BASE + "/list/1/1?streamId=sort1&sort_by=date").json().get(0).get("vodId").asText())
                .isEqualTo(a.vodId());
        assertResult(server.get(BASE + "/list/0/10?sort_by=size"), 400, "sort_by must be name or date");
        assertResult(server.get(BASE + "/list/0/10?order_by=up"), 400, "order_by must be asc or desc");
        assertResult(server.get(BASE + "/list/-1/10"), 400, "'offset' must be a non-negative integer");
    }

    @Test
    void anUploadedMp4IsProbedStoredListedAndOnDisk() throws Exception {
        RestTestServer.Reply r = upload(name("My Clip.mp4"), "whatever.bin", Files.readAllBytes(clip));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("success").asBoolean()).isTrue();
        String id = r.json().get("dataId").asText();
        assertThat(r.json().get("message").asText()).isEqualTo(id);

        JsonNode vod = server.get(BASE + "/" + id).json();
        assertThat(vod.get("type").asText()).isEqualTo("uploadedVod");
        assertThat(vod.get("vodName").asText()).isEqualTo("My Clip.mp4");
        assertThat(vod.get("filePath").asText()).isEqualTo("streams/" + id + ".mp4");
        assertThat(vod.get("fileSize").asLong()).isEqualTo(Files.size(clip));
        assertThat(vod.get("duration").asLong()).isBetween(1_900L, 2_100L);
        assertThat(listedIds("?search=my%20clip")).containsExactly(id);
        Path stored = app().vodFolder().root().resolve(id + ".mp4");
        assertThat(stored).exists().hasSameBinaryContentAs(clip);
    }

    @Test
    void anUploadWithoutANameKeepsTheFilesOwnName() throws Exception {
        RestTestServer.Reply r = upload("", "holiday.mp4", Files.readAllBytes(clip));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(server.get(BASE + "/" + r.json().get("dataId").asText()).json().get("vodName").asText())
                .isEqualTo("holiday.mp4");
    }

    @Test
    void uploadsThatAreNotMediaOrHaveUnsafeNamesAreRefusedAndNothingIsStored() throws Exception {
        long count = server.get(BASE + "/count").json().get("number").asLong();
        long files = filesIn(app().vodFolder().root());
        assertResult(upload(name("notes.mp4"), "notes.mp4", "just some text\n".getBytes(StandardCharsets.UTF_8)), 400,
                "The file is not audio or video media");
        // ffmpeg reads a PNG as one video frame; a still image is not a VoD
        assertResult(upload(name("still.mp4"), "still.png", Files.readAllBytes(image)), 400,
                "The file is not audio or video media");
        assertResult(upload(name("notes.txt"), "notes.txt", Files.readAllBytes(clip)), 400, "notSupportedFileType");
        String unsafe = "name must be a plain file name: no '/', '\\', '..' or control characters";
        assertResult(upload(name("../escape.mp4"), "a.mp4", Files.readAllBytes(clip)), 400, unsafe);
        assertResult(upload(name("sub/clip.mp4"), "a.mp4", Files.readAllBytes(clip)), 400, unsafe);
        assertResult(upload(name("sub\\clip.mp4"), "a.mp4", Files.readAllBytes(clip)), 400, unsafe);
        assertResult(upload("", "../../escape.mp4", Files.readAllBytes(clip)), 400, unsafe);
        assertThat(server.get(BASE + "/count").json().get("number").asLong()).isEqualTo(count);
        assertThat(filesIn(app().vodFolder().root())).isEqualTo(files);
        assertThat(dir.resolve("escape.mp4")).doesNotExist();
        // Vert.x deletes a request's upload files asynchronously once it ended.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(filesIn(VodApi.uploadDirOf(app()))).isZero());
    }

    @Test
    void multipartBodiesAreRefusedOutsideTheUploadRoute() {
        RestTestServer.Reply r = server.send("POST", "/WebRTCAppEE/rest/v2/broadcasts/create", "--x--",
                "Content-Type", "multipart/form-data; boundary=x");
        assertThat(r.status()).isEqualTo(415);
    }

    @Test
    void theVodRoutesFollowTheApplicationsJwtFilter() throws Exception {
        String secret = "0123456789abcdef0123456789abcdef";
        RestTestServer.Reply saved = server.adminPost("/rest/v2/applications/settings/WebRTCAppEE",
                "{\"jwtControlEnabled\":true,\"jwtSecretKey\":\"" + secret + "\"}");
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        try {
            assertResult(server.get(BASE + "/count"), 403, "Invalid App JWT Token");
            assertResult(upload(name("x.mp4"), "x.mp4", Files.readAllBytes(clip)), 403, "Invalid App JWT Token");
            String token = AccessControlTest.jwt("{\"alg\":\"HS256\"}",
                    "{\"exp\":" + (System.currentTimeMillis() / 1000 + 60) + "}", secret);
            assertThat(server.send("GET", BASE + "/count", null, "Authorization", token).status()).isEqualTo(200);
        } finally {
            server.adminPost("/rest/v2/applications/settings/WebRTCAppEE", "{}");
        }
    }
}
