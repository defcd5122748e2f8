package dev.osprey.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osprey.server.store.BroadcastLifecycle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The broadcast endpoints of /{App}/rest/v2 over real HTTP. */
class BroadcastRestTest {

    @TempDir
    static Path dir;
    static RestTestServer server;

    @BeforeAll
    static void start() {
        server = new RestTestServer(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode create(String app, String body) {
        RestTestServer.Reply r = server.post("/" + app + "/rest/v2/broadcasts/create", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void createWithGivenIdReturnsTheAntMediaBroadcastShape() {
        JsonNode b = create("LiveApp", "{\"streamId\":\"shape1\",\"name\":\"Shape\",\"description\":\"d\",\"category\":\"news\"}");
        assertThat(b.get("streamId").asText()).isEqualTo("shape1");
        assertThat(b.get("status").asText()).isEqualTo("created");
        assertThat(b.get("type").asText()).isEqualTo("liveStream");
        assertThat(b.get("name").asText()).isEqualTo("Shape");
        assertThat(b.get("category").asText()).isEqualTo("news");
        assertThat(b.get("publish").asBoolean()).isTrue();
        assertThat(b.get("publicStream").asBoolean()).isTrue();
        assertThat(b.get("webRTCViewerCount").asInt()).isZero();
        assertThat(b.get("webRTCViewerLimit").asInt()).isEqualTo(-1);
        assertThat(b.get("rtmpURL").asText()).isEqualTo("rtmp://127.0.0.1/LiveApp/shape1");
        assertThat(b.get("date").asLong()).isPositive();
        for (String field : List.of("streamId", "status", "type", "name", "description", "publish", "date", "plannedStartDate",
                "plannedEndDate", "duration", "endPointList", "publicStream", "is360", "listenerHookURL", "category", "ipAddr",
                "username", "password", "quality", "speed", "streamUrl", "originAdress", "mp4Enabled", "webMEnabled",
                "expireDurationMS", "rtmpURL", "zombi", "pendingPacketSize", "hlsViewerCount", "dashViewerCount",
                "webRTCViewerCount", "rtmpViewerCount", "startTime", "receivedBytes", "bitrate", "userAgent", "latitude",
                "longitude", "altitude", "mainTrackStreamId", "subTrackStreamIds", "absoluteStartTimeMs", "webRTCViewerLimit",
                "hlsViewerLimit", "subFolder", "currentPlayIndex", "metaData", "playlistLoopEnabled", "updateTime", "role")) {
            assertThat(b.has(field)).as(field).isTrue();
        }
        assertThat(server.get("/LiveApp/rest/v2/broadcasts/shape1").json()).isEqualTo(b);
        // Applications are separate.
        assertThat(server.get("/WebRTCAppEE/rest/v2/broadcasts/shape1").status()).isEqualTo(404);
    }

    @Test
    void createWithoutIdGeneratesOneAndEmptyBodyIsAllowed() {
        JsonNode b = create("LiveApp", "");
        assertThat(b.get("streamId").asText()).matches("[A-Za-z0-9]{16}");
        JsonNode c = create("LiveApp", "{\"streamId\":\"\"}");
        assertThat(c.get("streamId").asText()).matches("[A-Za-z0-9]{16}").isNotEqualTo(b.get("streamId").asText());
    }

    @Test
    void badCreatesAreRefusedWithResults() {
        create("LiveApp", "{\"streamId\":\"dup1\"}");
        assertResult(server.post("/LiveApp/rest/v2/broadcasts/create", "{\"streamId\":\"dup1\"}"), 400, "Stream id already exists: dup1");
        assertResult(server.post("/LiveApp/rest/v2/broadcasts/create", "{\"streamId\":\"bad id\"}"), 400,
                "Invalid stream id: only letters, digits, '_', '.' and '-' are allowed (1-255)");
        assertResult(server.post("/LiveApp/rest/v2/broadcasts/create", "{\"streamId\":\"" + "a".repeat(256) + "\"}"), 400,
                "Invalid stream id: only letters, digits, '_', '.' and '-' are allowed (1-255)");
        assertThat(server.post("/LiveApp/rest/v2/broadcasts/create", "{\"streamId\":").json().get("message").asText())
                .startsWith("Malformed JSON body");
        assertResult(server.post("/LiveApp/rest/v2/broadcasts/create", "[1,2]"), 400, "The body must be a JSON object");
        assertResult(server.post("/LiveApp/rest/v2/broadcasts/create", "{\"streamId\":\"t1\",\"publish\":\"yes\"}"), 400,
                "Invalid value for field 'publish'");
        assertResult(server.post("/LiveApp/rest/v2/broadcasts/create", "{\"streamId\":\"t1\",\"name\":{\"a\":1}}"), 400,
                "Invalid value for field 'name'");
        assertResult(server.post("/LiveApp/rest/v2/broadcasts/create", "{\"streamId\":\"t1\",\"type\":\"nope\"}"), 400,
                "type must be one of liveStream, ipCamera, streamSource, VoD, playlist");
        assertThat(server.get("/LiveApp/rest/v2/broadcasts/t1").status()).isEqualTo(404);
        String huge = "{\"streamId\":\"big1\",\"description\":\"" + "x".repeat(1 << 20) + "\"}";
        assertResult(server.post("/LiveApp/rest/v2/broadcasts/create", huge), 413, "Request body larger than 1048576 bytes");
        assertThat(server.get("/LiveApp/rest/v2/broadcasts/big1").status()).isEqualTo(404);
        // Just below the limit is stored whole.
        String large = "x".repeat((1 << 20) - 100);
        create("LiveApp", "{\"streamId\":\"big2\",\"description\":\"" + large + "\"}");
        assertThat(server.get("/LiveApp/rest/v2/broadcasts/big2").json().get("description").asText()).isEqualTo(large);
    }

    @Test
    void concurrentCreatesOfOneIdHaveExactlyOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int n = i;
                Callable<Integer> call = () -> server.post("/LiveApp/rest/v2/broadcasts/create",
                        "{\"streamId\":\"race1\",\"name\":\"n" + n + "\"}").status();
                results.add(pool.submit(call));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) {
                statuses.add(f.get());
            }
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 400).hasSize(15);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void getUnknownAndIllegalIds() {
        assertResult(server.get("/LiveApp/rest/v2/broadcasts/nosuch"), 404, "Broadcast not found");
        assertResult(server.get("/LiveApp/rest/v2/broadcasts/a$b"), 400,
                "Invalid stream id: only letters, digits, '_', '.' and '-' are allowed (1-255)");
        assertResult(server.get("/LiveApp/rest/v2/broadcasts/a%20b"), 400,
                "Invalid stream id: only letters, digits, '_', '.' and '-' are allowed (1-255)");
    }

    @Test
    void listPagesSortsFiltersAndSearches() {
        for (String name : List.of("charlie", "alpha", "bravo")) {
            create("WebRTCAppEE", "{\"streamId\":\"list-" + name + "\",\"name\":\"" + name + "\"}");
        }
        create("WebRTCAppEE", "{\"streamId\":\"cam-1\",\"name\":\"Camera\",\"type\":\"ipCamera\"}");
        assertThat(ids(server.get("/WebRTCAppEE/rest/v2/broadcasts/list/0/10?search=list-&sort_by=name&order_by=asc")))
                .containsExactly("list-alpha", "list-bravo", "list-charlie");
        assertThat(ids(server.get("/WebRTCAppEE/rest/v2/broadcasts/list/0/10?search=LIST&sort_by=name&order_by=desc")))
                .containsExactly("list-charlie", "list-bravo", "list-alpha");
        assertThat(ids(server.get("/WebRTCAppEE/rest/v2/broadcasts/list/1/1?search=list&sort_by=name")))
                .containsExactly("list-bravo");
        assertThat(ids(server.get("/WebRTCAppEE/rest/v2/broadcasts/list/0/10?type_by=ipCamera"))).containsExactly("cam-1");
        assertThat(ids(server.get("/WebRTCAppEE/rest/v2/broadcasts/list/0/10?search=camera"))).containsExactly("cam-1");
        // Search text is literal: SQL wildcards match nothing.
        assertThat(ids(server.get("/WebRTCAppEE/rest/v2/broadcasts/list/0/10?search=%25"))).isEmpty();
        assertThat(server.get("/WebRTCAppEE/rest/v2/broadcasts/count/list-").json().toString()).isEqualTo("{\"number\":3}");
        assertResult(server.get("/WebRTCAppEE/rest/v2/broadcasts/list/0/10?sort_by=size"), 400, "sort_by must be name, date or status");
        assertResult(server.get("/WebRTCAppEE/rest/v2/broadcasts/list/0/10?order_by=up"), 400, "order_by must be asc or desc");
        assertResult(server.get("/WebRTCAppEE/rest/v2/broadcasts/list/-1/10"), 400, "'offset' must be a non-negative integer");
        assertResult(server.get("/WebRTCAppEE/rest/v2/broadcasts/list/0/x"), 400, "'size' must be a non-negative integer");
    }

    @Test
    void listIsCappedAtFifty() {
        for (int i = 0; i < 55; i++) {
            create("LiveApp", "{\"streamId\":\"cap-" + i + "\"}");
        }
        assertThat(server.get("/LiveApp/rest/v2/broadcasts/list/0/500?search=cap-").json()).hasSize(50);
        assertThat(server.get("/LiveApp/rest/v2/broadcasts/count/cap-").json().get("number").asLong()).isEqualTo(55);
    }

    @Test
    void partialUpdateAppliesOnlyPresentFieldsAndRefusesBadOnesWholly() {
        create("LiveApp", "{\"streamId\":\"upd1\",\"name\":\"before\",\"description\":\"keep\"}");
        RestTestServer.Reply r = server.send("PUT", "/LiveApp/rest/v2/broadcasts/upd1",
                "{\"name\":\"after\",\"description\":null,\"is360\":true,\"webRTCViewerCount\":99,\"streamId\":\"other\"}");
        assertThat(r.json().toString()).isEqualTo("{\"success\":true,\"message\":null,\"dataId\":\"upd1\",\"errorId\":0}");
        JsonNode b = server.get("/LiveApp/rest/v2/broadcasts/upd1").json();
        assertThat(b.get("name").asText()).isEqualTo("after");
        assertThat(b.get("description").asText()).isEqualTo("keep");
        assertThat(b.get("is360").asBoolean()).isTrue();
        assertThat(b.get("webRTCViewerCount").asInt()).isZero();
        assertThat(b.get("streamId").asText()).isEqualTo("upd1");

        assertResult(server.send("PUT", "/LiveApp/rest/v2/broadcasts/upd1", "{\"name\":\"x\",\"is360\":\"maybe\"}"), 400,
                "Invalid value for field 'is360'");
        assertThat(server.get("/LiveApp/rest/v2/broadcasts/upd1").json().get("name").asText()).isEqualTo("after");
        assertResult(server.send("PUT", "/LiveApp/rest/v2/broadcasts/none1", "{\"name\":\"x\"}"), 404, "Broadcast not found");
    }

    @Test
    void deleteOneAndMany() {
        for (String id : List.of("del1", "del2", "del3")) {
            create("LiveApp", "{\"streamId\":\"" + id + "\"}");
        }
        assertThat(server.send("DELETE", "/LiveApp/rest/v2/broadcasts/del1", null).json().get("success").asBoolean()).isTrue();
        assertResult(server.send("DELETE", "/LiveApp/rest/v2/broadcasts/del1", null), 404, "Broadcast not found");
        RestTestServer.Reply many = server.send("DELETE", "/LiveApp/rest/v2/broadcasts?ids=del2,del3,del9", null);
        assertThat(many.json().toString()).isEqualTo("{\"success\":false,\"message\":\"2 of 3 broadcasts deleted\",\"dataId\":null,\"errorId\":0}");
        assertThat(server.get("/LiveApp/rest/v2/broadcasts/del2").status()).isEqualTo(404);
        assertResult(server.send("DELETE", "/LiveApp/rest/v2/broadcasts?ids=a,b%24", null), 400, "Invalid stream id in ids: 'b$'");
        assertResult(server.send("DELETE", "/LiveApp/rest/v2/broadcasts", null), 400,
                "ids must list the stream ids to delete, comma-separated");
    }

    @Test
    void liveTransitionsCountersAndStatisticsFollowTheSignallingHook() {
        create("WebRTCAppEE", "{\"streamId\":\"live1\",\"name\":\"Live\"}");
        BroadcastLifecycle hook = server.server.services().lifecycle("WebRTCAppEE");
        hook.publishStarted("live1", "Live", null);
        hook.playStarted("live1");
        hook.playStarted("live1");
        await().untilAsserted(() -> {
            JsonNode b = server.get("/WebRTCAppEE/rest/v2/broadcasts/live1").json();
            assertThat(b.get("status").asText()).isEqualTo("broadcasting");
            assertThat(b.get("webRTCViewerCount").asInt()).isEqualTo(2);
            assertThat(b.get("startTime").asLong()).isPositive();
        });
        assertThat(server.get("/WebRTCAppEE/rest/v2/broadcasts/active-live-stream-count").json().toString()).isEqualTo("{\"number\":1}");
        assertThat(server.get("/WebRTCAppEE/rest/v2/broadcasts/live1/broadcast-statistics").json().toString()).isEqualTo(
                "{\"totalRTMPWatchersCount\":0,\"totalHLSWatchersCount\":0,\"totalWebRTCWatchersCount\":2,\"totalDASHWatchersCount\":0}");
        assertThat(server.get("/WebRTCAppEE/rest/v2/broadcasts/total-broadcast-statistics").json().toString()).isEqualTo(
                "{\"totalRTMPWatchersCount\":0,\"totalHLSWatchersCount\":0,\"totalWebRTCWatchersCount\":2,\"totalDASHWatchersCount\":0,\"activeLiveStreamCount\":1}");
        JsonNode stats = server.adminGet("/rest/v2/server-stats").json();
        assertThat(stats.get("liveStreams").asLong()).isEqualTo(1);
        assertThat(stats.get("viewers").asLong()).isEqualTo(2);

        hook.playFinished("live1");
        hook.publishFinished("live1", true);
        await().untilAsserted(() -> {
            JsonNode b = server.get("/WebRTCAppEE/rest/v2/broadcasts/live1").json();
            assertThat(b.get("status").asText()).isEqualTo("finished");
            assertThat(b.get("webRTCViewerCount").asInt()).isZero();
        });
        JsonNode events = server.get("/WebRTCAppEE/rest/v2/broadcasts/live1/connection-events/0/10").json();
        List<String> kinds = new ArrayList<>();
        events.forEach(e -> kinds.add(e.get("type").asText() + ":" + e.get("eventType").asText()));
        assertThat(kinds).containsExactly("publish:connected", "play:connected", "play:connected", "play:disconnected",
                "publish:disconnected");
        assertThat(server.get("/WebRTCAppEE/rest/v2/broadcasts/active-live-stream-count").json().get("number").asLong()).isZero();
    }

    @Test
    void publishOfAnUnknownIdCreatesAnImplicitBroadcastRemovedAtTheEnd() {
        BroadcastLifecycle hook = server.server.services().lifecycle("LiveApp");
        hook.publishStarted("zombi1", "Z", "{\"k\":1}");
        await().untilAsserted(() -> {
            JsonNode b = server.get("/LiveApp/rest/v2/broadcasts/zombi1").json();
            assertThat(b.get("zombi").asBoolean()).isTrue();
            assertThat(b.get("status").asText()).isEqualTo("broadcasting");
        });
        hook.publishFinished("zombi1", true);
        await().untilAsserted(() -> assertThat(server.get("/LiveApp/rest/v2/broadcasts/zombi1").status()).isEqualTo(404));
    }

    @Test
    void stopOfAStreamNobodyPublishes() {
        create("LiveApp", "{\"streamId\":\"stop1\"}");
        assertThat(server.post("/LiveApp/rest/v2/broadcasts/stop1/stop", null).json().toString())
                .isEqualTo("{\"success\":false,\"message\":\"Stream is not live\",\"dataId\":\"stop1\",\"errorId\":0}");
        assertResult(server.post("/LiveApp/rest/v2/broadcasts/none2/stop", null), 404, "Broadcast not found");
    }

    @Test
    void streamInfoClientStatsAndCounts() {
        create("LiveApp", "{\"streamId\":\"info1\"}");
        assertThat(server.get("/LiveApp/rest/v2/broadcasts/info1/stream-info").body()).isEqualTo("[]");
        assertThat(server.get("/LiveApp/rest/v2/broadcasts/info1/webrtc-client-stats/0/10").body()).isEqualTo("[]");
        assertResult(server.get("/LiveApp/rest/v2/broadcasts/none3/stream-info"), 404, "Broadcast not found");
        assertThat(server.get("/LiveApp/rest/v2/broadcasts/count").json().get("number").asLong()).isPositive();
        assertThat(server.get("/LiveApp/rest/v2/version").json().get("versionName").asText()).isEqualTo(ApplicationApi.VERSION);
    }

    @Test
    void featuresNotBuiltAnswer501() {
        create("LiveApp", "{\"streamId\":\"nb1\"}");
        assertResult(server.post("/LiveApp/rest/v2/broadcasts/nb1/rtmp-endpoint", "{}"), 501,
                "RTMP endpoints is not implemented in Osprey yet");
        assertResult(server.post("/LiveApp/rest/v2/broadcasts/playlists/nb1/next", null), 501, "Playlists is not implemented in Osprey yet");
    }

    @Test
    void unknownPathsAndMethods() {
        assertResult(server.get("/LiveApp/rest/v2/nothing"), 404, "No such endpoint");
        assertResult(server.get("/LiveApp/rest/v1/broadcasts/list/0/1"), 404, "No such endpoint");
        assertResult(server.send("PATCH", "/LiveApp/rest/v2/broadcasts/x1", "{}"), 405, "Method PATCH is not allowed here");
        assertResult(server.send("GET", "/LiveApp/rest/v2/broadcasts/create", null), 404, "Broadcast not found");
        assertResult(server.send("POST", "/LiveApp/rest/v2/broadcasts/count", null), 405, "Method POST is not allowed here");
    }

    static void assertResult(RestTestServer.Reply reply, int status, String message) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        JsonNode json = reply.json();
        assertThat(json.get("success").asBoolean()).isFalse();
        assertThat(json.get("message").asText()).isEqualTo(message);
    }

    private static List<String> ids(RestTestServer.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        reply.json().forEach(b -> ids.add(b.get("streamId").asText()));
        return ids;
    }
}
