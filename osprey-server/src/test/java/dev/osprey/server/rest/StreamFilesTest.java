package dev.osprey.server.rest;

import dev.osprey.server.store.ApplicationData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET|HEAD /{App}/streams/{file}}: the VoD folder over real HTTP, its ranges, its fences and its play security. */
class StreamFilesTest {

    private static final String FILES = "/LiveApp/streams/";
    private static final int SIZE = 10_000;

    @TempDir
    static Path dir;
    static RestTestServer server;
    static Path folder;
    static byte[] content;

    @BeforeAll
    static void start() throws IOException {
        server = new RestTestServer(dir);
        folder = app().vodFolder().create();
        content = new byte[SIZE];
        for (int i = 0; i < SIZE; i++) {
            content[i] = (byte) (i * 31 + i / 256);
        }
        Files.write(folder.resolve("clip.mp4"), content);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void noPlaySecurity() {
        settings("{}");
    }

    private static ApplicationData app() {
        return server.server.services().data("LiveApp");
    }

    private static void settings(String json) {
        assertThat(server.adminPost("/rest/v2/applications/settings/LiveApp", json).status()).isEqualTo(200);
    }

    private static HttpResponse<byte[]> request(String method, String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.server.httpPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        try {
            return RestTestServer.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<byte[]> get(String path, String... headers) {
        return request("GET", path, headers);
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    /** Sends {@code target} byte for byte (no client normalises it) and answers the status line and body. */
    private static String raw(String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.server.httpPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            in.transferTo(reply);
            return reply.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static String statusLine(String reply) {
        return reply.substring(0, reply.indexOf("\r\n"));
    }

    private static String inAnHour() {
        return Long.toString(System.currentTimeMillis() / 1000 + 3600);
    }

    private static String playToken(String streamId) {
        RestTestServer.Reply reply = server.get("/LiveApp/rest/v2/broadcasts/" + streamId + "/token?type=play&expireDate="
                + inAnHour());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().path("tokenId").asText();
    }

    @Test
    void servesAWholeFileWithItsTypeLengthAndValidators() {
        HttpResponse<byte[]> r = get(FILES + "clip.mp4");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(content);
        assertThat(header(r, "Content-Type")).isEqualTo("video/mp4");
        assertThat(header(r, "Content-Length")).isEqualTo(Integer.toString(SIZE));
        assertThat(header(r, "Accept-Ranges")).isEqualTo("bytes");
        assertThat(header(r, "ETag")).startsWith("\"");
        assertThat(header(r, "Last-Modified")).endsWith("GMT");
    }

    @Test
    void servesEachFormOfASingleRange() {
        HttpResponse<byte[]> middle = get(FILES + "clip.mp4", "Range", "bytes=100-199");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(content, 100, 200));
        assertThat(header(middle, "Content-Range")).isEqualTo("bytes 100-199/" + SIZE);
        assertThat(header(middle, "Content-Length")).isEqualTo("100");

        HttpResponse<byte[]> open = get(FILES + "clip.mp4", "Range", "bytes=9000-");
        assertThat(open.statusCode()).isEqualTo(206);
        assertThat(open.body()).isEqualTo(Arrays.copyOfRange(content, 9000, SIZE));
        assertThat(header(open, "Content-Range")).isEqualTo("bytes 9000-9999/" + SIZE);

        HttpResponse<byte[]> suffix = get(FILES + "clip.mp4", "Range", "bytes=-10");
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(content, SIZE - 10, SIZE));
        assertThat(header(suffix, "Content-Range")).isEqualTo("bytes 9990-9999/" + SIZE);

        HttpResponse<byte[]> pastTheEnd = get(FILES + "clip.mp4", "Range", "bytes=9990-20000");
        assertThat(pastTheEnd.statusCode()).isEqualTo(206);
        assertThat(pastTheEnd.body()).isEqualTo(Arrays.copyOfRange(content, 9990, SIZE));
    }

    @Test
    void answers416ToARangeBeyondTheFile() {
        HttpResponse<byte[]> r = get(FILES + "clip.mp4", "Range", "bytes=10000-10100");
        assertThat(r.statusCode()).isEqualTo(416);
        assertThat(header(r, "Content-Range")).isEqualTo("bytes */" + SIZE);
        assertThat(get(FILES + "clip.mp4", "Range", "bytes=-0").statusCode()).isEqualTo(416);
    }

    @Test
    void servesTheWholeFileForMalformedOrMultipleRanges() {
        assertThat(get(FILES + "clip.mp4", "Range", "bytes=0-1,5-6").body()).isEqualTo(content);
        assertThat(get(FILES + "clip.mp4", "Range", "bytes=abc").statusCode()).isEqualTo(200);
        assertThat(get(FILES + "clip.mp4", "Range", "bytes=0-1", "If-Range", "\"stale\"").statusCode()).isEqualTo(200);
    }

    @Test
    void answersHeadWithTheHeadersOfAGetAndNoBody() {
        HttpResponse<byte[]> r = request("HEAD", FILES + "clip.mp4");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(header(r, "Content-Length")).isEqualTo(Integer.toString(SIZE));
        assertThat(header(r, "Content-Type")).isEqualTo("video/mp4");
        HttpResponse<byte[]> part = request("HEAD", FILES + "clip.mp4", "Range", "bytes=0-9");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(header(part, "Content-Length")).isEqualTo("10");
        assertThat(header(part, "Content-Range")).isEqualTo("bytes 0-9/" + SIZE);
    }

    @Test
    void answersAConditionalGetWithNotModified() {
        HttpResponse<byte[]> first = get(FILES + "clip.mp4");
        HttpResponse<byte[]> byTag = get(FILES + "clip.mp4", "If-None-Match", header(first, "ETag"));
        assertThat(byTag.statusCode()).isEqualTo(304);
        assertThat(byTag.body()).isEmpty();
        assertThat(get(FILES + "clip.mp4", "If-Modified-Since", header(first, "Last-Modified")).statusCode()).isEqualTo(304);
        assertThat(get(FILES + "clip.mp4", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    }

    @Test
    void givesEachMediaFileItsContentType() throws IOException {
        String[][] types = {
                {"a.webm", "video/webm"}, {"a.m3u8", "application/vnd.apple.mpegurl"}, {"a000000001.ts", "video/mp2t"},
                {"a_1.m4s", "video/iso.segment"}, {"a_2.fmp4", "video/iso.segment"}, {"a.mp3", "audio/mpeg"},
                {"a.aac", "audio/aac"}, {"a.bin", "application/octet-stream"}};
        for (String[] type : types) {
            Files.writeString(folder.resolve(type[0]), "x");
            HttpResponse<byte[]> r = get(FILES + type[0]);
            assertThat(r.statusCode()).as(type[0]).isEqualTo(200);
            assertThat(header(r, "Content-Type")).as(type[0]).isEqualTo(type[1]);
        }
    }

    @Test
    void neverServesAFileOutsideTheFolder() throws IOException {
        Files.writeString(folder.getParent().resolve("secret.mp4"), "secret");
        Files.writeString(dir.resolve("secret.mp4"), "secret");
        String[] hostile = {
                FILES + "../secret.mp4", FILES + "..%2fsecret.mp4", FILES + "%2e%2e/secret.mp4", FILES + "%2e%2e%2fsecret.mp4",
                FILES + "..%5csecret.mp4", FILES + "%2E%2E/%2E%2E/secret.mp4", FILES + "../../../secret.mp4",
                FILES + "/etc/passwd", FILES + "%2fetc%2fpasswd", FILES + "%2Fetc/passwd", FILES + "./clip.mp4",
                FILES + "clip.mp4%00.txt", FILES + "%c0%ae%c0%ae/secret.mp4", FILES + "%", FILES + "%zz"};
        for (String target : hostile) {
            String reply = raw(target);
            assertThat(statusLine(reply)).as(target).matches("HTTP/1.1 (400|404) .*");
            assertThat(reply).as(target).doesNotContain("secret").doesNotContain("root:");
        }
    }

    @Test
    void refusesSymbolicLinksLeadingOutOfTheFolder() throws IOException {
        Files.createSymbolicLink(folder.resolve("passwd.mp4"), Path.of("/etc/passwd"));
        Path outside = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(outside.resolve("secret.mp4"), "secret");
        Files.createSymbolicLink(folder.resolve("elsewhere"), outside);
        for (String target : new String[] {"passwd.mp4", "elsewhere/secret.mp4"}) {
            HttpResponse<byte[]> r = get(FILES + target);
            assertThat(r.statusCode()).as(target).isEqualTo(404);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("root:").doesNotContain("secret");
        }
    }

    @Test
    void servesASymbolicLinkThatStaysInsideTheFolder() throws IOException {
        Files.createSymbolicLink(folder.resolve("alias.mp4"), folder.resolve("clip.mp4"));
        assertThat(get(FILES + "alias.mp4").body()).isEqualTo(content);
    }

    @Test
    void hidesDotfilesFoldersAndFilesStillBeingWritten() throws IOException {
        Files.writeString(folder.resolve(".hidden.mp4"), "hidden");
        Files.createDirectories(folder.resolve("sub"));
        Files.writeString(folder.resolve("sub/inner.mp4"), "inner");
        Files.writeString(folder.resolve("live1.mp4.tmp_extension"), "partial");
        for (String target : new String[] {".hidden.mp4", "%2ehidden.mp4", "sub", "sub/", "", "live1.mp4.tmp_extension",
                "live1.mp4"}) {
            HttpResponse<byte[]> r = get(FILES + target);
            assertThat(r.statusCode()).as(target).isEqualTo(404);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).as(target).doesNotContain("hidden")
                    .doesNotContain("partial").doesNotContain("inner.mp4");
        }
        assertThat(get(FILES + "sub/inner.mp4").body()).isEqualTo("inner".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void answers404ForAnUnknownFileOrApplication() {
        assertThat(get(FILES + "nosuch.mp4").statusCode()).isEqualTo(404);
        assertThat(get("/NoSuchApp/streams/clip.mp4").statusCode()).isEqualTo(404);
        assertThat(get("/WebRTCAppEE/streams/clip.mp4").statusCode()).isEqualTo(404);
    }

    @Test
    void acceptsOnlyGetAndHead() {
        for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
            HttpResponse<byte[]> r = request(method, FILES + "clip.mp4");
            assertThat(r.statusCode()).as(method).isEqualTo(405);
            assertThat(header(r, "Allow")).isEqualTo("GET, HEAD");
        }
        assertThat(Files.exists(folder.resolve("clip.mp4"))).isTrue();
    }

    @Test
    void requiresAPlayTokenWhenOneTimeTokensAreOnAndKeepsItForLaterRequests() {
        settings("{\"playTokenControlEnabled\":true}");
        HttpResponse<byte[]> without = get(FILES + "clip.mp4");
        assertThat(without.statusCode()).isEqualTo(403);
        assertThat(without.body()).doesNotContain(content[0], content[1], content[2]).hasSizeLessThan(100);
        assertThat(get(FILES + "clip.mp4?token=made-up").statusCode()).isEqualTo(403);
        assertThat(get(FILES + "clip.mp4?token=" + playToken("other")).statusCode()).isEqualTo(403);

        String token = playToken("clip");
        HttpResponse<byte[]> with = get(FILES + "clip.mp4?token=" + token);
        assertThat(with.statusCode()).isEqualTo(200);
        assertThat(with.body()).isEqualTo(content);
        HttpResponse<byte[]> again = get(FILES + "clip.mp4?token=" + token, "Range", "bytes=0-99");
        assertThat(again.statusCode()).isEqualTo(206);
        assertThat(again.body()).isEqualTo(Arrays.copyOf(content, 100));
        assertThat(request("HEAD", FILES + "clip.mp4").statusCode()).isEqualTo(403);
    }

    @Test
    void opensARecordingWithATokenOfItsStreamNotOfItsFileName() throws IOException {
        Path file = folder.resolve("cam1_2.mp4");
        Files.write(file, content);
        app().addRecording("cam1", "camera", file, System.currentTimeMillis(), 1_000);
        settings("{\"playTokenControlEnabled\":true}");
        assertThat(get(FILES + "cam1_2.mp4?token=" + playToken("cam1_2")).statusCode()).isEqualTo(403);
        assertThat(get(FILES + "cam1_2.mp4?token=" + playToken("cam1")).statusCode()).isEqualTo(200);
    }

    @Test
    void requiresAStreamJwtWhenJwtPlayControlIsOn() {
        String secret = "a-jwt-stream-secret-of-32-characters!";
        settings("{\"playJwtControlEnabled\":true,\"jwtStreamSecretKey\":\"" + secret + "\"}");
        assertThat(get(FILES + "clip.mp4").statusCode()).isEqualTo(403);
        RestTestServer.Reply jwt = server.get("/LiveApp/rest/v2/broadcasts/clip/jwt-token?type=play&expireDate=" + inAnHour());
        assertThat(jwt.status()).as(jwt.body()).isEqualTo(200);
        assertThat(get(FILES + "clip.mp4?token=" + jwt.json().path("tokenId").asText()).statusCode()).isEqualTo(200);
    }
}
