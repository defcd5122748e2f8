package dev.osprey.server.store;

import dev.osprey.server.TestAdmin;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server as its own process, killed with SIGKILL right after its last answer: every write it
 * acknowledged is there after a restart on the same store.
 */
class KilledServerRecoveryTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int BROADCASTS = 20;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesTheServerBeingKilled() throws Exception {
        List<String> ids = new ArrayList<>();
        try (ServerProcess first = ServerProcess.start(dir)) {
            for (int i = 0; i < BROADCASTS; i++) {
                String id = "kept" + i;
                assertThat(first.post("/LiveApp/rest/v2/broadcasts/create", "{\"streamId\":\"" + id + "\",\"name\":\"Kept " + i + "\"}")
                        .statusCode()).isEqualTo(200);
                ids.add(id);
            }
            assertThat(first.send("PUT", "/LiveApp/rest/v2/broadcasts/kept0", "{\"name\":\"Renamed\"}").statusCode()).isEqualTo(200);
            assertThat(first.send("DELETE", "/LiveApp/rest/v2/broadcasts/kept1", null).statusCode()).isEqualTo(200);
            ids.remove("kept1");
            assertThat(first.post("/rest/v2/applications/settings/LiveApp",
                    "{\"acceptOnlyStreamsInDataStore\":true,\"webRTCViewerLimit\":7}").statusCode()).isEqualTo(200);
            first.kill();
        }
        try (ServerProcess second = ServerProcess.start(dir)) {
            JsonNode page = json(second.send("GET", "/LiveApp/rest/v2/broadcasts/list/0/50", null));
            List<String> stored = new ArrayList<>();
            page.forEach(b -> stored.add(b.get("streamId").asText()));
            assertThat(stored).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(json(second.send("GET", "/LiveApp/rest/v2/broadcasts/kept0", null)).get("name").asText()).isEqualTo("Renamed");
            JsonNode settings = json(second.send("GET", "/rest/v2/applications/settings/LiveApp", null));
            assertThat(settings.get("acceptOnlyStreamsInDataStore").asBoolean()).isTrue();
            assertThat(settings.get("webRTCViewerLimit").asInt()).isEqualTo(7);
        }
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).isEqualTo(200);
        return StoreJson.MAPPER.readTree(response.body());
    }

    /** {@code dev.osprey.server.Main} in a JVM of its own, on 127.0.0.1 and a free port, its data in {@code dir/data}. */
    private static final class ServerProcess implements AutoCloseable {

        private static final Pattern STARTED = Pattern.compile("Osprey started in \\d+ ms: http://127\\.0\\.0\\.1:(\\d+)");

        private final Process process;
        private final int port;

        private ServerProcess(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static ServerProcess start(Path dir) throws Exception {
            TestAdmin.provision(dir.resolve("data"));
            String java = ProcessHandle.current().info().command().orElseThrow();
            ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    "dev.osprey.server.Main", "--server.host=127.0.0.1", "--server.httpPort=0", "--server.httpsPort=0",
                    "--server.tlsCert=" + dir.resolve("none.pem"), "--server.tlsKey=" + dir.resolve("none.key"),
                    "--applications=LiveApp", "--web.root=" + dir.resolve("web"), "--store.dir=" + dir.resolve("data"),
                    "--media.udpPort=0")
                    .directory(dir.toFile()) // no conf/osprey.yaml there: only the options above apply
                    .redirectErrorStream(true);
            builder.environment().keySet().removeIf(name -> name.startsWith("OSPREY_"));
            Process process = builder.start();
            // The log line that says the ports are bound gives the port; the reader then drains the log to the end.
            CompletableFuture<Integer> port = new CompletableFuture<>();
            StringBuilder log = new StringBuilder();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                        Matcher m = STARTED.matcher(line);
                        if (m.find()) {
                            port.complete(Integer.parseInt(m.group(1)));
                        } else if (!port.isDone()) {
                            log.append(line).append('\n');
                        }
                    }
                } catch (IOException e) {
                    // the process is gone
                }
                port.completeExceptionally(new AssertionError("server exited before it started:\n" + log));
            });
            try {
                return new ServerProcess(process, port.get(60, TimeUnit.SECONDS));
            } catch (Exception e) {
                process.destroyForcibly();
                throw e;
            }
        }

        /** JSON bodies; the server-level API as the logged-in admin. */
        HttpResponse<String> send(String method, String path, String body) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (path.startsWith("/rest/v2/")) {
                request.header("Cookie", TestAdmin.login(port));
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String body) throws Exception {
            return send("POST", path, body);
        }

        /** SIGKILL: no shutdown hook, no flush, exactly what a crash or the OOM killer leaves. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy(); // SIGTERM: the graceful stop
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
