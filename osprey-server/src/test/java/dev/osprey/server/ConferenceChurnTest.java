package dev.osprey.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.osprey.media.service.MediaService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Multitrack conference rooms under churn, with client-role transports of osprey-webrtc as
 * participants: every participant's room connection carries exactly the other live participants
 * (by idMapping and by the server's forwarders), and once everyone is gone nothing is left.
 */
class ConferenceChurnTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SETTLE = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private OspreyServer server;
    private MediaService media;
    private final List<RoomParticipant> everyone = new ArrayList<>();
    private final RoomDriver driver = new RoomDriver(everyone, Duration.ofMillis(250));

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(TestWebRoot.create(dir), Map.of("media.advertisedAddress", "127.0.0.1",
                "media.publishTimeoutMs", 5000));
        media = server.media().service("LiveApp");
    }

    @AfterEach
    void stop() {
        everyone.forEach(RoomParticipant::closeMedia);
        server.stop();
    }

    @Test
    void fiftyParticipantsJoiningAndLeavingInRandomOrderLeaveNothingBehind() throws Exception {
        // -Dchurn.seed=N replays the order of a failed run.
        long seed = Long.getLong("churn.seed", System.nanoTime());
        Random random = new Random(seed);
        List<Integer> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            events.add(i);
            events.add(i);
        }
        Collections.shuffle(events, random);
        Map<Integer, RoomParticipant> active = new LinkedHashMap<>();
        Set<Integer> started = new java.util.HashSet<>();
        for (int step = 0; step < events.size(); step++) {
            int n = events.get(step);
            if (started.add(n)) {
                RoomParticipant p = new RoomParticipant(server.httpPort(), "p" + n, "churn");
                everyone.add(p);
                if (random.nextBoolean()) {
                    p.joinRoomFirst();
                }
                p.publish();
                active.put(n, p);
            } else {
                RoomParticipant p = active.remove(n);
                switch (random.nextInt(3)) {
                    case 0 -> p.leave(false);
                    case 1 -> p.leave(true);
                    default -> p.vanish();
                }
            }
            drive(Duration.ofMillis(20 + random.nextInt(100)));
            if (step == events.size() / 2 || step == events.size() / 4) {
                settled(active.values(), "step " + step + " (seed " + seed + ")");
            }
        }
        assertThat(active).isEmpty();
        driveUntil(() -> media.sessionCount() == 0 && media.roomViewerCount() == 0
                && server.media().transportCount() == 0, "every media session ended (seed " + seed + ")");
        try (TestSocket probe = TestSocket.connect(server.httpPort(), "/LiveApp/websocket")) {
            probe.send("{\"command\":\"getRoomInfo\",\"room\":\"churn\"}");
            JsonNode answer = JSON.readTree(probe.next());
            assertThat(answer.path("definition").asText()).isEqualTo("no_active_streams_in_room");
            driveUntil(() -> server.applications().get("LiveApp").sessionCount() == 1, "only the probe connected");
        }
    }

    @Test
    void aParticipantWhoseMediaVanishesIsRemovedAndEveryoneIsTold() throws Exception {
        List<RoomParticipant> room = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RoomParticipant p = new RoomParticipant(server.httpPort(), "v" + i, "vanish");
            everyone.add(p);
            p.publish();
            room.add(p);
        }
        settled(room, "three participants");
        RoomParticipant gone = room.remove(2);
        gone.closeMedia(); // no leave, its socket stays open: only its media stops
        driveUntil(() -> room.stream().allMatch(p -> p.subtrackEvents.contains("subtrackRemoved:v2")
                && !p.offered.contains("v2")), "v2 removed for the others");
        settled(room, "two participants left");
        gone.vanish();
    }

    /** Waits until every participant receives exactly the others (offer and server forwarders). */
    private void settled(java.util.Collection<RoomParticipant> active, String when) throws Exception {
        driveUntil(() -> {
            Set<String> ids = active.stream().map(p -> p.id).collect(Collectors.toSet());
            for (RoomParticipant p : active) {
                Set<String> others = new java.util.HashSet<>(ids);
                others.remove(p.id);
                if (!p.live || !p.playing || !p.offered.equals(others) || media.viewerCount(p.id) != others.size()) {
                    return false;
                }
            }
            return media.roomViewerCount() == active.size();
        }, () -> "a settled room at " + when + ": " + active.stream()
                .map(p -> p.id + (p.live ? "" : "(not live)") + (p.playing ? "" : "(not playing)") + "=" + p.offered
                        + "/" + media.viewerCount(p.id))
                .toList() + ", room viewers " + media.roomViewerCount());
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
