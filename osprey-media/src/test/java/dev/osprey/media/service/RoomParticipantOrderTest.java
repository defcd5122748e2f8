package dev.osprey.media.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.osprey.media.service.room.RoomPlaySession;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.PeerTransport;
import dev.osprey.webrtc.transport.TransportSdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The signalling hands a room viewer its participant list from a socket's thread (when the play
 * starts) and from the media loop (when a participant goes live). The lists must take effect in the
 * order they were handed over, or a stale list computed before the others went live wins.
 */
class RoomParticipantOrderTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private MediaServiceFixture fixture;
    private MediaService service;

    @BeforeEach
    void start() throws Exception {
        fixture = MediaServiceFixture.start(c -> c);
        service = fixture.service;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private void publishLive(String streamId) throws Exception {
        LocalTransport local = ClientPeers.clientLocal();
        RecordingSessionListener events = new RecordingSessionListener();
        service.publish(streamId, ClientPeers.publisherOffer(local, true, true), true, true, events);
        PeerTransport client = fixture.connect(local, TransportSdp.remoteFromAnswer(events.sdp),
                new ClientPeers.Counting());
        fixture.pump(client);
        await().atMost(WAIT).until(() -> events.started.get() == 1);
    }

    @Test
    void aListHandedOverOnTheLoopDoesNotOvertakeAnOlderOneQueuedFromAnotherThread() throws Exception {
        publishLive("p1");
        publishLive("p2");
        RecordingSessionListener events = new RecordingSessionListener();
        RoomPlaySession viewer = service.playRoom("room", List.of(), -1, events);
        await().atMost(WAIT).until(() -> events.sdp != null);
        LocalTransport local = ClientPeers.clientLocal();
        viewer.remoteDescription("answer", ClientPeers.viewerAnswer(events.sdp, local).sdp());

        // The loop is busy with a participant going live while a socket's thread hands over the
        // list it computed before that; the loop then hands over the newer list.
        CountDownLatch staleQueued = new CountDownLatch(1);
        fixture.mux.socket().eventLoop().execute(() -> { // the room's loop: the only one here
            try {
                staleQueued.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            viewer.participants(List.of("p1", "p2"));
        });
        viewer.participants(List.of());
        staleQueued.countDown();

        await().atMost(WAIT).until(() -> events.idMapping != null && events.idMapping.size() == 4);
        String offer = events.sdp;
        assertThat(events.idMapping.values()).containsExactlyInAnyOrder("ARDAMSap1", "ARDAMSvp1", "ARDAMSap2",
                "ARDAMSvp2");
        viewer.remoteDescription("answer", ClientPeers.viewerAnswer(offer, local).sdp());
        // Had the stale list run last, the answer would be followed at once by an offer without them.
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> events.sdp.equals(offer));
    }
}
