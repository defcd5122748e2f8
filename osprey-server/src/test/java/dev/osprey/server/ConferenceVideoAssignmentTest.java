package dev.osprey.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osprey.media.service.MediaService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pagination and pinning over the WebSocket ({@code updateVideoTrackAssignmentsCommand},
 * {@code assignVideoTrackCommand}, {@code getVideoTrackAssignmentsCommand}) with client-role participants:
 * the answers name who gets video, and the viewer's connection carries exactly their video.
 */
class ConferenceVideoAssignmentTest {
    private static final Duration SETTLE = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private OspreyServer server;
    private MediaService media;
    private final List<RoomParticipant> everyone = new ArrayList<>();
    private final RoomDriver driver = new RoomDriver(everyone, Duration.ofMillis(20));

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(TestWebRoot.create(dir), Map.of("media.advertisedAddress", "127.0.0.1"));
        media = server.media().service("LiveApp");
    }

    @AfterEach
    void stop() {
        everyone.forEach(RoomParticipant::closeMedia);
        server.stop();
    }

    @Test
    void aViewerPagesAndPinsTheOthersVideo() throws Exception {
        // One after the other, so that the room order is a, b, c.
        for (String id : List.of("a", "b", "c")) {
            RoomParticipant p = new RoomParticipant(server.httpPort(), id, "pages");
            everyone.add(p);
            p.publish();
            driveUntil(() -> p.live, id + " live");
        }
        RoomParticipant a = everyone.get(0);
        driveUntil(() -> everyone.stream().allMatch(p -> p.playing && p.offered.size() == 2)
                && media.viewerCount("b") == 2 && media.viewerCount("c") == 2, "everyone receives the others");

        assertThat(assignments(a)).isEqualTo(Json.parse("{\"command\":\"notification\",\"definition\":"
                + "\"videoTrackAssignmentList\",\"streamId\":\"pages\",\"payload\":["
                + "{\"videoLabel\":\"b\",\"trackId\":\"b\",\"reserved\":false},"
                + "{\"videoLabel\":\"c\",\"trackId\":\"c\",\"reserved\":false}]}"));
        videoFlows(a, List.of("b", "c"), List.of());

        a.send(RoomParticipant.message("updateVideoTrackAssignmentsCommand").put("streamId", "pages")
                .put("offset", 1).put("size", 1));
        assertThat(assignments(a).path("payload")).isEqualTo(Json.parse(
                "[{\"videoLabel\":\"c\",\"trackId\":\"c\",\"reserved\":false}]"));
        videoFlows(a, List.of("c"), List.of("b"));

        a.send(RoomParticipant.message("assignVideoTrackCommand").put("streamId", "pages")
                .put("videoTrackId", "ARDAMSvb").put("enabled", true));
        assertThat(assignments(a).path("payload")).isEqualTo(Json.parse(
                "[{\"videoLabel\":\"b\",\"trackId\":\"b\",\"reserved\":true},"
                        + "{\"videoLabel\":\"c\",\"trackId\":\"c\",\"reserved\":false}]"));
        videoFlows(a, List.of("b", "c"), List.of());

        a.send(RoomParticipant.message("updateVideoTrackAssignmentsCommand").put("streamId", "pages")
                .put("offset", -1).put("size", 1));
        driveUntil(() -> !a.errors.isEmpty(), "the refusal");
        assertThat(a.errors).containsExactly(Json.parse("{\"command\":\"error\",\"definition\":\"invalid_field\","
                + "\"streamId\":\"pages\",\"information\":\"offset must not be negative\"}"));
    }

    /** Asks for the assignments and returns the answer. */
    private JsonNode assignments(RoomParticipant p) throws Exception {
        p.notifications.clear();
        p.send(RoomParticipant.message("getVideoTrackAssignmentsCommand").put("streamId", p.room));
        driveUntil(() -> p.notifications.stream()
                .anyMatch(n -> "videoTrackAssignmentList".equals(n.path("definition").asText())), "the assignments");
        return p.notifications.stream()
                .filter(n -> "videoTrackAssignmentList".equals(n.path("definition").asText())).findFirst().orElseThrow();
    }

    /**
     * {@code on}'s video keeps arriving at {@code p} (10 more packets each) while {@code off}'s does not
     * (at most the one packet that was on its way when it paused).
     */
    private void videoFlows(RoomParticipant p, List<String> on, List<String> off) throws Exception {
        Map<String, Long> before = new HashMap<>();
        for (String id : List.of("a", "b", "c")) {
            before.put(id, p.videoPacketsOf(id));
        }
        driveUntil(() -> on.stream().allMatch(id -> p.videoPacketsOf(id) >= before.get(id) + 10),
                () -> "video of " + on + " at " + p.id);
        for (String id : off) {
            assertThat(p.videoPacketsOf(id) - before.get(id)).as("video of %s while paused", id).isLessThanOrEqualTo(1);
        }
    }

    private void driveUntil(BooleanSupplier condition, String what) throws Exception {
        driver.until(condition, SETTLE, () -> what);
    }

    private void driveUntil(BooleanSupplier condition, Supplier<String> what) throws Exception {
        driver.until(condition, SETTLE, what);
    }

    private void drive(Duration duration) throws Exception {
        driver.drive(duration);
    }
}
