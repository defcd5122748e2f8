package dev.osprey.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpsTest {

    @TempDir
    Path dir;

    /** A self-signed P-256 certificate for 127.0.0.1, made the way {@code ./osprey cert} makes it. */
    private static void createCertificate(Path cert, Path key) throws IOException, InterruptedException {
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-keyout", key.toString(), "-out", cert.toString(), "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1")
                .redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes());
        assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(openssl.exitValue()).as(output).isZero();
    }

    private static HttpClient trusting(Path cert) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry("osprey", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).build();
    }

    @Test
    void httpsAndWssWhenBothPemFilesExist() throws Exception {
        Path web = TestWebRoot.create(dir);
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        createCertificate(cert, key);

        try (OspreyServer server = TestServers.start(web, Map.of("server.tlsCert", cert.toString(), "server.tlsKey", key.toString()))) {
            assertThat(server.httpsPort()).isPresent();
            int httpsPort = server.httpsPort().getAsInt();
            assertThat(httpsPort).isNotEqualTo(server.httpPort());
            HttpClient client = trusting(cert);

            HttpResponse<String> page = client.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + httpsPort + "/LiveApp/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).isEqualTo(TestWebRoot.INDEX);

            try (TestSocket socket = TestSocket.connect(client,
                    URI.create("wss://127.0.0.1:" + httpsPort + "/WebRTCAppEE/websocket?target=origin"))) {
                socket.send("{\"command\":\"ping\"}");
                assertThat(socket.next()).isEqualTo("{\"command\":\"pong\"}");
            }

            // Plain HTTP keeps working next to HTTPS.
            try (TestSocket socket = TestSocket.connect(server.httpPort(), "/LiveApp/websocket")) {
                socket.send("{\"command\":\"ping\"}");
                assertThat(socket.next()).isEqualTo("{\"command\":\"pong\"}");
            }
        }
    }

    @Test
    void aConsoleLoginOverHttpsGetsACookieBrowsersSendOnlyOverHttps() throws Exception {
        Path web = TestWebRoot.create(dir);
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        createCertificate(cert, key);
        try (OspreyServer server = TestServers.start(web, Map.of("server.tlsCert", cert.toString(), "server.tlsKey", key.toString()))) {
            HttpResponse<String> login = trusting(cert).send(HttpRequest.newBuilder(
                            URI.create("https://127.0.0.1:" + server.httpsPort().getAsInt() + "/rest/v2/users/authenticate"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + TestAdmin.EMAIL + "\",\"password\":\""
                            + TestAdmin.PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(login.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie -> assertThat(cookie)
                    .startsWith("osprey_session=").contains("; HttpOnly").contains("; SameSite=Strict").endsWith("; Secure"));
        }
    }

    @Test
    void httpsStaysOffWhenOnlyOnePemFileExists() throws Exception {
        Path web = TestWebRoot.create(dir);
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        createCertificate(cert, key);
        Files.delete(key);
        try (OspreyServer server = TestServers.start(web, Map.of("server.tlsCert", cert.toString(), "server.tlsKey", key.toString()))) {
            assertThat(server.httpsPort()).isEmpty();
        }
    }

    @Test
    void unusablePemFilesAreAConfigurationError() throws Exception {
        Path web = TestWebRoot.create(dir);
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Files.writeString(cert, "not a certificate\n");
        Files.writeString(key, "not a key\n");
        assertThatThrownBy(() -> TestServers.start(web, Map.of("server.tlsCert", cert.toString(), "server.tlsKey", key.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cannot use " + cert + " / " + key + " for HTTPS (server.tlsCert / server.tlsKey): ");
    }

    @Test
    void anEncoderPublishesOverRtmpsWithTheServersCertificate() throws Exception {
        Path web = TestWebRoot.create(dir);
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        createCertificate(cert, key);
        try (OspreyServer server = TestServers.start(web, Map.of("server.tlsCert", cert.toString(), "server.tlsKey", key.toString()))) {
            int port = server.rtmpsPort().orElseThrow();
            assertThat(port).isNotEqualTo(server.rtmpPort().orElseThrow());
            Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
                    "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-t", "8", "-c:v", "libx264",
                    "-pix_fmt", "yuv420p", "-preset", "ultrafast", "-g", "25", "-f", "flv",
                    "rtmps://127.0.0.1:" + port + "/LiveApp/tls1")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("ffmpeg.log").toFile()).start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                URI broadcast = URI.create("http://127.0.0.1:" + server.httpPort() + "/LiveApp/rest/v2/broadcasts/tls1");
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() -> {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(broadcast).build(),
                            HttpResponse.BodyHandlers.ofString());
                    return r.statusCode() == 200 && r.body().contains("\"publishType\":\"RTMP\"")
                            && r.body().contains("\"status\":\"broadcasting\"");
                });
            } finally {
                ffmpeg.destroyForcibly();
            }
        }
    }
}
