package dev.osprey.media.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.osprey.media.service.datachannel.DataChannelSettings;
import dev.osprey.media.service.room.RoomPlaySession;
import dev.osprey.media.service.room.VideoTrackAssignment;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.SdpParser;
import dev.osprey.webrtc.sdp.SessionDescription;
import dev.osprey.webrtc.sdp.SsrcGroup;
import dev.osprey.webrtc.sdp.negotiation.LocalCapabilities;
import dev.osprey.webrtc.srtp.SrtpProfile;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.PeerTransport;
import dev.osprey.webrtc.transport.PeerTransportListener;
import dev.osprey.webrtc.transport.TransportSdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Which participants' video a room viewer is forwarded under pinning ({@link RoomPlaySession#pinVideo}),
 * pagination ({@link RoomPlaySession#videoPage}) and the video limit, counted per SSRC at a client-role
 * viewer, and the events the server writes on the viewer's data channel.
 */
class RoomVideoAssignmentTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String ROOM = "room1";

    private MediaServiceFixture fixture;
    private MediaService service;

    @BeforeEach
    void start() throws Exception {
        fixture = MediaServiceFixture.start(c -> c.withStartTimeout(Duration.ofMillis(3000)));
        service = fixture.service;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void pinsAndPagesDecideWhoseVideoIsForwardedAndTheViewerIsToldEachTime() throws Exception {
        publishLive("p1");
        publishLive("p2");
        publishLive("p3");
        Viewer v = playRoom(List.of("p1", "p2", "p3"), 2, true);

        // When the channel opens the viewer learns the participants and who gets video (the limit: the first two).
        v.awaitEvents(trackList("p1", "p2", "p3"), assignments("p1", "p2"));
        v.assertVideo(List.of("p1", "p2"), List.of("p3"));

        v.session.pinVideo("p3", true);
        v.awaitEvents(assignments("p3*", "p1"));
        v.assertVideo(List.of("p3", "p1"), List.of("p2"));

        // Page 2..3 of the list (p2, p3): the pinned p3 first, then p2.
        v.session.videoPage(1, 2);
        v.awaitEvents(assignments("p3*", "p2"));
        v.assertVideo(List.of("p3", "p2"), List.of("p1"));

        v.session.pinVideo("p3", false);
        v.awaitEvents(assignments("p2", "p3"));

        // Pinning someone the viewer does not receive changes nothing: the next event is the one asked for.
        v.session.pinVideo("nobody", true);
        v.session.requestVideoAssignments();
        v.awaitEvents(assignments("p2", "p3"));
        await().atMost(WAIT).until(() -> v.events.videoAssignments.size() == 1);
        assertThat(v.events.videoAssignments.get(0)).containsExactly(new VideoTrackAssignment("p2", false),
                new VideoTrackAssignment("p3", false));

        // p2 leaves the list: the page (index 1..2) now holds only p3.
        v.session.participants(List.of("p1", "p3"));
        v.awaitEvents(trackList("p1", "p3"), assignments("p3"));
        v.assertVideo(List.of("p3"), List.of("p1"));

        assertThatThrownBy(() -> v.session.videoPage(-1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> v.session.videoPage(0, -2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPinnedParticipantThatLeavesLosesItsPinAndTheNextInLineGetsVideo() throws Exception {
        publishLive("p1");
        publishLive("p2");
        publishLive("p3");
        Viewer v = playRoom(List.of("p1", "p2", "p3"), 1, true);
        v.awaitEvents(trackList("p1", "p2", "p3"), assignments("p1"));

        v.session.pinVideo("p3", true);
        v.awaitEvents(assignments("p3*"));
        v.assertVideo(List.of("p3"), List.of("p1", "p2"));

        v.session.participants(List.of("p1", "p2"));
        v.awaitEvents(trackList("p1", "p2"), assignments("p1"));
        v.assertVideo(List.of("p1"), List.of("p2"));

        // Back in the room, p3 is not pinned any more.
        v.session.participants(List.of("p1", "p2", "p3"));
        v.awaitEvents(trackList("p1", "p2", "p3"));
        v.session.requestVideoAssignments();
        v.awaitEvents(assignments("p1"));
    }

    @Test
    void withoutDataChannelsTheAssignmentsStillApplyAndAreReportedToTheListener() throws Exception {
        service.dataChannelSettings(() -> new DataChannelSettings(false, DataChannelSettings.PlayerDistribution.ALL));
        publishLive("p1");
        publishLive("p2");
        Viewer v = playRoom(List.of("p1", "p2"), -1, false);
        v.assertVideo(List.of("p1", "p2"), List.of());

        v.session.videoPage(1, 1);
        v.session.requestVideoAssignments();
        await().atMost(WAIT).until(() -> v.events.videoAssignments.size() == 1);
        assertThat(v.events.videoAssignments.get(0)).containsExactly(new VideoTrackAssignment("p2", false));
        v.assertVideo(List.of("p2"), List.of("p1"));
        assertThat(v.data.serverEvents).isEmpty();
    }

    // ---- events

    private static String trackList(String... ids) {
        return "{\"streamId\":\"" + ROOM + "\",\"eventType\":\"TRACK_LIST_UPDATED\",\"payload\":["
                + String.join(",", java.util.Arrays.stream(ids).map(id -> "\"" + id + "\"").toList()) + "]}";
    }

    /** {@code VIDEO_TRACK_ASSIGNMENT_LIST}; an id ending in '*' is pinned (reserved). */
    private static String assignments(String... ids) {
        List<String> items = new ArrayList<>();
        for (String id : ids) {
            boolean pinned = id.endsWith("*");
            String p = pinned ? id.substring(0, id.length() - 1) : id;
            items.add("{\"videoLabel\":\"" + p + "\",\"trackId\":\"" + p + "\",\"reserved\":" + pinned + "}");
        }
        return "{\"streamId\":\"" + ROOM + "\",\"eventType\":\"VIDEO_TRACK_ASSIGNMENT_LIST\",\"payload\":["
                + String.join(",", items) + "]}";
    }

    // ---- peers

    private void publishLive(String streamId) throws Exception {
        LocalTransport local = ClientPeers.clientLocal();
        RecordingSessionListener events = new RecordingSessionListener();
        service.publish(streamId, ClientPeers.publisherOffer(local, true, true), true, true, events);
        PeerTransport client = fixture.connect(local, TransportSdp.remoteFromAnswer(events.sdp),
                new ClientPeers.Counting());
        fixture.pump(client);
        await().atMost(WAIT).until(() -> events.started.get() == 1 && service.isLive(streamId));
    }

    /** A room viewer's client: counts RTP per SSRC and runs the data channel the server opens. */
    private final class Viewer implements PeerTransportListener {
        final RoomPlaySession session;
        final RecordingSessionListener events;
        final ClientPeers.Counting media = new ClientPeers.Counting();
        final DataPeer data = new DataPeer((String) null);
        /** Participant → the SSRC of its video section, from the offers. */
        final Map<String, Long> videoSsrcs = new HashMap<>();
        /** Server events already matched by {@link #awaitEvents}. */
        private int eventsSeen;

        Viewer(RoomPlaySession session, RecordingSessionListener events) {
            this.session = session;
            this.events = events;
        }

        @Override
        public void onConnected(SrtpProfile profile) {
            media.onConnected(profile);
            data.onConnected(profile);
        }

        @Override
        public void onRtp(byte[] buf, int off, int len) {
            media.onRtp(buf, off, len);
        }

        @Override
        public void onApplicationData(byte[] buf, int off, int len) {
            data.onApplicationData(buf, off, len);
        }

        /** The next server events on the data channel are exactly these, in this order. */
        void awaitEvents(String... expected) {
            int from = eventsSeen;
            await().atMost(WAIT).until(() -> data.serverEvents.size() >= from + expected.length);
            assertThat(data.serverEvents.subList(from, from + expected.length)).containsExactly(expected);
            eventsSeen = from + expected.length;
        }

        long videoPackets(String participant) {
            long ssrc = videoSsrcs.get(participant);
            return media.packets.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(Long.toString(ssrc) + "/"))
                    .mapToLong(e -> e.getValue().get()).sum();
        }

        /**
         * {@code on}'s video keeps arriving (each gets 20 more packets), and meanwhile {@code off}'s
         * does not (at most one packet that was already on its way when it was paused).
         */
        void assertVideo(List<String> on, List<String> off) {
            Map<String, Long> before = new HashMap<>();
            for (String p : videoSsrcs.keySet()) {
                before.put(p, videoPackets(p));
            }
            await().atMost(WAIT).until(() -> on.stream().allMatch(p -> videoPackets(p) >= before.get(p) + 20));
            for (String p : off) {
                assertThat(videoPackets(p) - before.get(p)).as("video packets of %s while paused", p).isLessThanOrEqualTo(1);
            }
        }
    }

    private Viewer playRoom(List<String> participants, int maxVideo, boolean dataChannels) throws Exception {
        RecordingSessionListener events = new RecordingSessionListener();
        Viewer v = new Viewer(service.playRoom(ROOM, participants, maxVideo, events), events);
        await().atMost(WAIT).until(() -> events.sdp != null);
        LocalTransport local = ClientPeers.clientLocal();
        TransportSdp.Answer answer = TransportSdp.answer(events.sdp,
                LocalCapabilities.receiveDefaults().withDataChannels(dataChannels), local, "42");
        SessionDescription offer = SdpParser.parse(events.sdp);
        events.idMapping.forEach((mid, track) -> {
            if (track.startsWith("ARDAMSv")) {
                v.videoSsrcs.put(track.substring(7), mediaSsrc(offer, mid));
            }
        });
        assertThat(v.videoSsrcs).containsOnlyKeys(participants);
        v.session.remoteDescription("answer", answer.sdp());
        PeerTransport client = fixture.connect(local, answer.remote(), v);
        v.data.attach(client);
        await().atMost(WAIT).until(() -> events.started.get() == 1);
        if (dataChannels) {
            v.data.channelOpen.get(15, TimeUnit.SECONDS);
        }
        return v;
    }

    private static long mediaSsrc(SessionDescription sdp, String mid) {
        MediaSection m = sdp.media().stream().filter(s -> mid.equals(s.mid())).findFirst().orElseThrow();
        for (SsrcGroup g : m.ssrcGroups()) {
            if (SsrcGroup.FID.equals(g.semantics())) {
                return g.ssrcs().get(0);
            }
        }
        return m.ssrcIds().get(0);
    }
}
