package dev.osprey.server.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.osprey.server.Config;
import dev.osprey.server.OspreyServer;
import dev.osprey.server.TestAdmin;
import dev.osprey.server.store.BroadcastLifecycle;
import dev.osprey.server.store.StoreJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Webhooks POSTed to a real local HTTP receiver. */
class WebhookTest {

    @TempDir
    Path dir;
    OspreyServer server;
    HttpServer receiver;
    final List<JsonNode> received = new CopyOnWriteArrayList<>();
    final List<String> contentTypes = new CopyOnWriteArrayList<>();
    final AtomicInteger failuresLeft = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger answerDelayMs = new AtomicInteger();
    final AtomicInteger redirects = new AtomicInteger();
    final AtomicInteger redirectStatus = new AtomicInteger(307);

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            requests.incrementAndGet();
            byte[] body = exchange.getRequestBody().readAllBytes();
            try {
                Thread.sleep(answerDelayMs.get()); // a slow receiver
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failuresLeft.getAndDecrement() > 0) {
                exchange.sendResponseHeaders(503, -1);
            } else {
                received.add(StoreJson.MAPPER.readTree(body));
                contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
                exchange.sendResponseHeaders(200, -1);
            }
            exchange.close();
        });
        receiver.createContext("/redirect", exchange -> {
            redirects.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Location", hookUrl());
            exchange.sendResponseHeaders(redirectStatus.get(), -1);
            exchange.close();
        });
        receiver.start();
        TestAdmin.provision(dir.resolve("data"));
        server = OspreyServer.start(Config.of(Map.ofEntries(
                Map.entry("server.host", "127.0.0.1"), Map.entry("server.httpPort", 0),
                Map.entry("server.httpsPort", 0), Map.entry("server.tlsCert", dir.resolve("none.pem").toString()),
                Map.entry("server.tlsKey", dir.resolve("none.key").toString()),
                Map.entry("applications", List.of("LiveApp")), Map.entry("web.root", dir.resolve("web").toString()),
                Map.entry("store.dir", dir.resolve("data").toString()), Map.entry("media.udpPort", 0),
                Map.entry("rtmp.port", 0), Map.entry("srt.port", 0))));
    }

    @AfterEach
    void stop() {
        server.stop();
        receiver.stop(0);
    }

    /** Settings with this listenerHookURL, on loopback like every receiver of these tests. */
    private static String allowingPrivateAddresses(String listenerHookUrl) {
        return "{\"webhookAllowPrivateAddresses\":true,\"listenerHookURL\":\"" + listenerHookUrl + "\"}";
    }

    private String hookUrl() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    /** A JSON POST; the server API's as the logged-in console admin. */
    private int post(String path, String body) throws Exception {
        return send("POST", path, body).statusCode();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (path.startsWith("/rest/v2/")) {
            request.header("Cookie", TestAdmin.login(server.httpPort()));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(HttpResponse<String> response, String setting) throws IOException {
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode result = StoreJson.MAPPER.readTree(response.body());
        assertThat(result.get("success").asBoolean()).isFalse();
        assertThat(result.get("message").asText()).isEqualTo(setting + " points to a loopback, private, link-local, "
                + "multicast or unspecified address (169.254.169.254); set webhookAllowPrivateAddresses to true to allow it");
    }

    @Test
    void eventsArriveInOrderWithAntMediaFields() throws Exception {
        assertThat(post("/rest/v2/applications/settings/LiveApp", allowingPrivateAddresses(hookUrl()))).isEqualTo(200);
        assertThat(post("/LiveApp/rest/v2/broadcasts/create", "{\"streamId\":\"w1\",\"name\":\"Web hook\",\"category\":\"cat\","
                + "\"metaData\":\"{\\\"a\\\":1}\"}")).isEqualTo(200);
        BroadcastLifecycle hook = server.services().lifecycle("LiveApp");
        hook.publishStarted("w1", "Web hook", null);
        hook.playStarted("w1");
        hook.playFinished("w1");
        hook.publishFinished("w1", true);

        await().until(() -> received.size() == 4);
        List<String> actions = new ArrayList<>();
        received.forEach(e -> actions.add(e.get("action").asText()));
        assertThat(actions).containsExactly("liveStreamStarted", "playStarted", "playStopped", "liveStreamEnded");
        JsonNode first = received.getFirst();
        assertThat(first.get("id").asText()).isEqualTo("w1");
        assertThat(first.get("streamName").asText()).isEqualTo("Web hook");
        assertThat(first.get("category").asText()).isEqualTo("cat");
        assertThat(first.get("app").asText()).isEqualTo("LiveApp");
        assertThat(first.get("metadata").toString()).isEqualTo("{\"a\":1}");
        assertThat(Long.parseLong(first.get("timestamp").asText())).isPositive();
        assertThat(first.has("mainTrackId")).isFalse();
        assertThat(contentTypes).containsOnly("application/json");
    }

    @Test
    void anEncoderWarningIsStoredOnTheBroadcastAndSentWithItsText() throws Exception {
        assertThat(post("/rest/v2/applications/settings/LiveApp", allowingPrivateAddresses(hookUrl()))).isEqualTo(200);
        assertThat(post("/LiveApp/rest/v2/broadcasts/create", "{\"streamId\":\"e1\"}")).isEqualTo(200);
        BroadcastLifecycle hook = server.services().lifecycle("LiveApp");
        hook.publishStarted("e1", "e1", null, "RTMP");
        hook.publishWarning("e1", "the encoder sends B-frames");
        await().until(() -> received.size() == 2);
        JsonNode warning = received.get(1);
        assertThat(warning.get("action").asText()).isEqualTo("encoderWarning");
        assertThat(warning.get("warning").asText()).isEqualTo("the encoder sends B-frames");
        assertThat(received.getFirst().has("warning")).isFalse();
        JsonNode broadcast = StoreJson.MAPPER.readTree(send("GET", "/LiveApp/rest/v2/broadcasts/e1", null).body());
        assertThat(broadcast.get("encoderWarning").asText()).isEqualTo("the encoder sends B-frames");
        assertThat(broadcast.get("publishType").asText()).isEqualTo("RTMP");
        // a new publish of the id starts without the old warning
        hook.publishFinished("e1", true);
        hook.publishStarted("e1", "e1", null, "SRT");
        await().until(() -> received.size() == 4);
        assertThat(StoreJson.MAPPER.readTree(send("GET", "/LiveApp/rest/v2/broadcasts/e1", null).body())
                .path("encoderWarning").isNull()).isTrue();
    }

    @Test
    void aBurstOfViewersFromManyThreadsIsCountedExactlyAndEachViewerGetsItsWebhookAndEvent() throws Exception {
        assertThat(post("/rest/v2/applications/settings/LiveApp", allowingPrivateAddresses(hookUrl()))).isEqualTo(200);
        assertThat(post("/LiveApp/rest/v2/broadcasts/create", "{\"streamId\":\"b1\"}")).isEqualTo(200);
        BroadcastLifecycle hook = server.services().lifecycle("LiveApp");
        hook.publishStarted("b1", "b1", null);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 50; i++) {
                    hook.playStarted("b1");
                    if (i % 5 == 4) {
                        hook.playFinished("b1");
                    }
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }

        await().until(() -> received.size() == 1 + 4 * 50 + 4 * 10);
        assertThat(received).extracting(e -> e.get("action").asText()).filteredOn("playStarted"::equals).hasSize(200);
        JsonNode broadcast = StoreJson.MAPPER.readTree(send("GET", "/LiveApp/rest/v2/broadcasts/b1", null).body());
        assertThat(broadcast.get("webRTCViewerCount").asInt()).isEqualTo(4 * 50 - 4 * 10);
        int events = 0;
        for (int offset = 0; offset < 300; offset += 50) { // the API hands out 50 at most per page
            events += StoreJson.MAPPER.readTree(send("GET", "/LiveApp/rest/v2/broadcasts/b1/connection-events/"
                    + offset + "/50", null).body()).size();
        }
        assertThat(events).isEqualTo(1 + 4 * 50 + 4 * 10);
    }

    @Test
    void receiverFailingTwiceThenRecoveringGetsEveryEventInOrder() throws Exception {
        assertThat(post("/rest/v2/applications/settings/LiveApp", "{\"webhookAllowPrivateAddresses\":true,\"listenerHookURL\":\"" + hookUrl()
                + "\",\"webhookRetryCount\":3,\"webhookRetryAttemptDelay\":50}")).isEqualTo(200);
        failuresLeft.set(2);
        BroadcastLifecycle hook = server.services().lifecycle("LiveApp");
        hook.publishStarted("r1", "r1", null);
        for (int i = 0; i < 5; i++) {
            hook.playStarted("r1");
        }
        hook.publishFinished("r1", true);

        await().until(() -> received.size() == 7);
        List<String> actions = new ArrayList<>();
        received.forEach(e -> actions.add(e.get("action").asText()));
        assertThat(actions).containsExactly("liveStreamStarted", "playStarted", "playStarted", "playStarted", "playStarted",
                "playStarted", "liveStreamEnded");
        assertThat(requests.get()).isEqualTo(9);
    }

    @Test
    void perBroadcastHookOverridesTheApplicationsAndNoRetryMeansOneAttempt() throws Exception {
        assertThat(post("/rest/v2/applications/settings/LiveApp", allowingPrivateAddresses("http://127.0.0.1:1/unused")))
                .isEqualTo(200);
        assertThat(post("/LiveApp/rest/v2/broadcasts/create", "{\"streamId\":\"o1\",\"listenerHookURL\":\"" + hookUrl() + "\"}"))
                .isEqualTo(200);
        failuresLeft.set(1);
        BroadcastLifecycle hook = server.services().lifecycle("LiveApp");
        hook.publishStarted("o1", "o1", null);
        hook.publishFinished("o1", true);
        await().until(() -> received.size() == 1);
        assertThat(received.getFirst().get("action").asText()).isEqualTo("liveStreamEnded");
        assertThat(requests.get()).isEqualTo(2);
    }

    @Test
    void aGracefulStopDeliversTheEventsStillQueuedBeforeItCloses() throws Exception {
        assertThat(post("/rest/v2/applications/settings/LiveApp", allowingPrivateAddresses(hookUrl()))).isEqualTo(200);
        answerDelayMs.set(150);
        BroadcastLifecycle hook = server.services().lifecycle("LiveApp");
        hook.publishStarted("s1", "s1", null);
        for (int i = 0; i < 4; i++) {
            hook.playStarted("s1");
        }
        hook.publishFinished("s1", true);

        server.stop(); // ~1 s of answers still to come: the stop waits for them

        assertThat(received).extracting(e -> e.get("action").asText()).containsExactly("liveStreamStarted",
                "playStarted", "playStarted", "playStarted", "playStarted", "liveStreamEnded");
    }

    private static final String METADATA_URL = "http://169.254.169.254/latest/meta-data";

    @Test
    void aCloudMetadataUrlIsRefusedWhereverItIsSet() throws Exception {
        assertRefused(send("POST", "/rest/v2/applications/settings/LiveApp", "{\"listenerHookURL\":\"" + METADATA_URL + "\"}"),
                "listenerHookURL");
        assertRefused(send("POST", "/rest/v2/applications/settings/LiveApp", "{\"dataChannelWebHookURL\":\"" + METADATA_URL + "\"}"),
                "dataChannelWebHookURL");
        assertRefused(send("POST", "/LiveApp/rest/v2/broadcasts/create", "{\"streamId\":\"m1\",\"listenerHookURL\":\""
                + METADATA_URL + "\"}"), "listenerHookURL");
        assertThat(send("GET", "/LiveApp/rest/v2/broadcasts/m1", null).statusCode()).isEqualTo(404);

        assertThat(post("/LiveApp/rest/v2/broadcasts/create", "{\"streamId\":\"m2\"}")).isEqualTo(200);
        assertRefused(send("PUT", "/LiveApp/rest/v2/broadcasts/m2", "{\"listenerHookURL\":\"" + METADATA_URL + "\"}"),
                "listenerHookURL");
        JsonNode stored = StoreJson.MAPPER.readTree(send("GET", "/LiveApp/rest/v2/broadcasts/m2", null).body());
        assertThat(stored.get("listenerHookURL").isNull()).isTrue();
        JsonNode settings = StoreJson.MAPPER.readTree(send("GET", "/rest/v2/applications/settings/LiveApp", null).body());
        assertThat(settings.get("listenerHookURL").asText()).isEmpty();
        assertThat(settings.get("webhookAllowPrivateAddresses").asBoolean()).isFalse();
    }

    @Test
    void aStoredUrlThatTheSettingsNoLongerAllowIsNeverCalled() throws Exception {
        assertThat(post("/rest/v2/applications/settings/LiveApp", "{\"webhookAllowPrivateAddresses\":true}")).isEqualTo(200);
        assertThat(post("/LiveApp/rest/v2/broadcasts/create", "{\"streamId\":\"p1\",\"listenerHookURL\":\"" + hookUrl() + "\"}"))
                .isEqualTo(200);
        assertThat(post("/LiveApp/rest/v2/broadcasts/create", "{\"streamId\":\"p2\",\"listenerHookURL\":\"" + METADATA_URL + "\"}"))
                .isEqualTo(200);
        assertThat(post("/rest/v2/applications/settings/LiveApp", "{}")).isEqualTo(200); // private addresses refused again
        BroadcastLifecycle hook = server.services().lifecycle("LiveApp");
        for (String id : List.of("p1", "p2")) {
            hook.publishStarted(id, id, null);
            hook.publishFinished(id, true);
        }
        server.services().drain(5, TimeUnit.SECONDS); // every event was written and its call settled

        assertThat(requests.get()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void aRedirectingReceiverIsNotFollowed(int status) throws Exception {
        redirectStatus.set(status);
        String redirecting = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/redirect";
        assertThat(post("/rest/v2/applications/settings/LiveApp", "{\"webhookAllowPrivateAddresses\":true,\"listenerHookURL\":\""
                + redirecting + "\"}")).isEqualTo(200);
        server.services().lifecycle("LiveApp").publishStarted("r1", "r1", null);
        server.services().drain(5, TimeUnit.SECONDS);

        assertThat(redirects.get()).isEqualTo(1);
        assertThat(requests.get()).isZero();
    }
}
