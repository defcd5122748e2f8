package dev.osprey.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class WebRoutesTest {

    @TempDir
    static Path dir;
    static OspreyServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        server = TestServers.start(TestWebRoot.create(dir));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Sends the request line byte for byte, so no client library can normalise the path first. */
    private static String rawGet(String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.httpPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void homePageIsTheConsole() throws Exception {
        HttpResponse<String> response = get("/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(response.body()).contains("<title>Osprey console</title>").contains("/console/console.js");
    }

    @Test
    void samplePagesPerApplication() throws Exception {
        for (String app : new String[]{"LiveApp", "WebRTCAppEE"}) {
            HttpResponse<String> index = get("/" + app + "/");
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.headers().firstValue("content-type")).hasValue("text/html;charset=UTF-8");
            assertThat(index.headers().firstValue("cache-control")).hasValue("no-cache");
            assertThat(index.body()).isEqualTo(TestWebRoot.INDEX);

            HttpResponse<String> publish = get("/" + app + "/publish.html");
            assertThat(publish.statusCode()).isEqualTo(200);
            assertThat(publish.body()).isEqualTo(TestWebRoot.PUBLISH);
        }
    }

    @Test
    void applicationWithoutSlashRedirectsToItsFolder() throws Exception {
        HttpResponse<String> response = get("/LiveApp");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("location")).hasValue("/LiveApp/");
    }

    @Test
    void sdkScriptsWithJavascriptContentType() throws Exception {
        HttpResponse<String> sdk = get("/LiveApp/js/webrtc_adaptor.js");
        assertThat(sdk.statusCode()).isEqualTo(200);
        assertThat(sdk.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(sdk.body()).isEqualTo(TestWebRoot.SDK);

        HttpResponse<String> selfie = get("/WebRTCAppEE/js/selfie_segmentation.js");
        assertThat(selfie.statusCode()).isEqualTo(200);
        assertThat(selfie.headers().firstValue("content-type")).hasValue("text/javascript;charset=UTF-8");
        assertThat(selfie.body()).isEqualTo(TestWebRoot.SELFIE);
    }

    @Test
    void realSdkFromTheRepositoryWebFolder() throws Exception {
        try (OspreyServer real = TestServers.start(Path.of("../web"))) {
            HttpResponse<String> sdk = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + real.httpPort() + "/LiveApp/js/webrtc_adaptor.js")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(sdk.statusCode()).isEqualTo(200);
            assertThat(sdk.body()).contains("WebRTCAdaptor");
        }
    }

    @Test
    void aClientAskingForAnHttp2UpgradeGetsHttp11() throws Exception {
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/LiveApp/index.html"))
                .version(HttpClient.Version.HTTP_2).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    }

    @Test
    void unknownApplicationsAndFilesAre404() throws Exception {
        assertThat(get("/NoSuchApp/").statusCode()).isEqualTo(404);
        assertThat(get("/NoSuchApp/js/webrtc_adaptor.js").statusCode()).isEqualTo(404);
        assertThat(get("/LiveApp/missing.html").statusCode()).isEqualTo(404);
        assertThat(get("/LiveApp/websocket").statusCode()).isEqualTo(404); // plain GET, no upgrade
    }

    @Test
    void noDirectoryListing() throws Exception {
        assertThat(get("/LiveApp/css/").statusCode()).isEqualTo(404);
        assertThat(get("/LiveApp/css/empty/").statusCode()).isEqualTo(404);
        assertThat(get("/LiveApp/js/").statusCode()).isEqualTo(404);
    }

    @Test
    void pathTraversalIsRefused() throws IOException {
        for (String path : new String[]{
                "/LiveApp/../../secret.txt",
                "/LiveApp/../secret.txt",
                "/LiveApp/%2e%2e/%2e%2e/secret.txt",
                "/LiveApp/..%2f..%2fsecret.txt",
                "/LiveApp/js/..%2f..%2f..%2f..%2f..%2fsecret.txt",
                "/LiveApp/%2e%2e%5c%2e%2e%5csecret.txt",
                "/LiveApp/" + dir.resolve("secret.txt"),
                "/LiveApp//" + dir.resolve("secret.txt")}) {
            String response = rawGet(path);
            assertThat(response).as(path).startsWith("HTTP/1.1 404").doesNotContain(TestWebRoot.SECRET);
        }
    }

    @Test
    void headRequestsAnswerWithoutBody() throws Exception {
        HttpResponse<String> head = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.httpPort() + "/LiveApp/index.html"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }
}
