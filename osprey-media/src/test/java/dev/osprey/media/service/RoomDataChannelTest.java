package dev.osprey.media.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.osprey.media.service.datachannel.DataChannelSettings.PlayerDistribution;
import dev.osprey.media.service.datachannel.DataChannelSettings;
import dev.osprey.media.service.room.RoomPlaySession;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.SdpParser;
import dev.osprey.webrtc.sdp.negotiation.LocalCapabilities;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.PeerTransport;
import dev.osprey.webrtc.transport.TransportSdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Data channels of conference room viewers ({@link MediaService#playRoom}), with client-role peers standing in
 * for the SDK: participants p1 and p2 publish; room viewer v1 belongs to p1 (receives p2), v2 to p2 (receives
 * p1), v3 only watches (receives both).
 */
class RoomDataChannelTest {
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

    private DataPeer publish(String streamId) throws Exception {
        return publish(streamId, true);
    }

    private DataPeer publish(String streamId, boolean expectData) throws Exception {
        LocalTransport local = ClientPeers.clientLocal();
        RecordingSessionListener events = new RecordingSessionListener();
        service.publish(streamId, ClientPeers.publisherOffer(local, true, true, true), true, true, events);
        DataPeer data = new DataPeer(streamId);
        PeerTransport client = fixture.connect(local, TransportSdp.remoteFromAnswer(events.sdp), data);
        data.attach(client);
        fixture.pump(client);
        await().atMost(WAIT).until(() -> events.started.get() == 1);
        if (expectData) {
            data.channelOpen.get(15, TimeUnit.SECONDS);
        }
        return data;
    }

    private record RoomViewer(RoomPlaySession session, RecordingSessionListener events, LocalTransport local,
                              DataPeer data) {
        /** Answers the latest offer, as the SDK does for {@code takeConfiguration}. */
        void answer() throws Exception {
            session.remoteDescription("answer", TransportSdp.answer(events.sdp,
                    LocalCapabilities.receiveDefaults().withDataChannels(true), local, "42").sdp());
        }
    }

    private RoomViewer playRoom(List<String> participants, boolean expectData) throws Exception {
        RecordingSessionListener events = new RecordingSessionListener();
        RoomPlaySession session = service.playRoom(ROOM, participants, -1, events);
        await().atMost(WAIT).until(() -> events.sdp != null);
        LocalTransport local = ClientPeers.clientLocal();
        TransportSdp.Answer answer = TransportSdp.answer(events.sdp,
                LocalCapabilities.receiveDefaults().withDataChannels(true), local, "42");
        session.remoteDescription("answer", answer.sdp());
        DataPeer data = new DataPeer((String) null);
        PeerTransport client = fixture.connect(local, answer.remote(), data);
        data.attach(client);
        await().atMost(WAIT).until(() -> events.started.get() == 1);
        if (expectData) {
            data.channelOpen.get(15, TimeUnit.SECONDS);
        }
        return new RoomViewer(session, events, local, data);
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> described(DataPeer peer) {
        return peer.received.stream().map(m -> (m.binary() ? "b:" : "t:") + m.text()).toList();
    }

    private static List<String> mediaMids(String sdp) throws Exception {
        return SdpParser.parse(sdp).media().stream().map(m -> m.type() + "/" + m.mid()).toList();
    }

    @Test
    void aParticipantsTextAndBinaryReachTheRoomViewersButNotItsOwnRoomPlay() throws Exception {
        DataPeer p1 = publish("p1");
        DataPeer p2 = publish("p2");
        RoomViewer v1 = playRoom(List.of("p2"), true);
        RoomViewer v2 = playRoom(List.of("p1"), true);
        RoomViewer v3 = playRoom(List.of("p1", "p2"), true);
        assertThat(mediaMids(v3.events.sdp)).containsExactly("audio/0", "video/1", "audio/2", "video/3",
                "application/data");
        assertThat(v3.events.idMapping).doesNotContainKey("data");
        // The server opens each room viewer's channel, labelled with the room id.
        assertThat(v3.data.channelLabels).containsExactly(ROOM);

        byte[] binary = {0, 1, (byte) 0xFF, (byte) 0xC3, 0x28};
        assertThat(p1.send(text("héllo from p1"), false).get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(p1.send(binary, true).get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(p2.send(text("from p2"), false).get(5, TimeUnit.SECONDS)).isTrue();
        await().atMost(WAIT).until(() -> v3.data.received.size() == 3 && v1.data.received.size() == 1
                && v2.data.received.size() == 2);
        Thread.sleep(200);

        assertThat(v2.data.received).hasSize(2);
        assertThat(v2.data.received.get(0).binary()).isFalse();
        assertThat(v2.data.received.get(0).payload()).isEqualTo(text("héllo from p1"));
        assertThat(v2.data.received.get(1).binary()).isTrue();
        assertThat(v2.data.received.get(1).payload()).isEqualTo(binary);
        assertThat(described(v3.data)).containsExactlyInAnyOrder("t:héllo from p1",
                "b:" + new String(binary, StandardCharsets.UTF_8), "t:from p2");
        assertThat(described(v1.data)).containsExactly("t:from p2");
        assertThat(p1.received).isEmpty();
        assertThat(p2.received).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(PlayerDistribution.class)
    void aRoomViewersMessagesGoWhereTheDistributionSays(PlayerDistribution distribution) throws Exception {
        service.dataChannelSettings(() -> new DataChannelSettings(true, distribution));
        DataPeer p1 = publish("p1");
        DataPeer p2 = publish("p2");
        RoomViewer v1 = playRoom(List.of("p2"), true);
        RoomViewer v3 = playRoom(List.of("p1", "p2"), true);

        assertThat(v3.data.send(text("from v3"), false).get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(v3.data.send(new byte[] {1, 2, 3}, true).get(5, TimeUnit.SECONDS)).isTrue();
        // A participant's message afterwards: once it arrived, v3's messages had their chance too.
        assertThat(p2.send(text("marker"), false).get(5, TimeUnit.SECONDS)).isTrue();
        // Messages of different senders may interleave at v1, so in ALL wait for all three.
        int expectedAtV1 = distribution == PlayerDistribution.ALL ? 3 : 1;
        await().atMost(WAIT).until(() -> described(v1.data).contains("t:marker")
                && described(v1.data).size() >= expectedAtV1
                && described(v3.data).contains("t:marker"));
        Thread.sleep(200);

        String binary = "b:" + new String(new byte[] {1, 2, 3}, StandardCharsets.UTF_8);
        switch (distribution) {
            case ALL -> {
                assertThat(described(p1)).containsExactly("t:from v3", binary);
                assertThat(described(p2)).containsExactly("t:from v3", binary);
                assertThat(described(v1.data)).containsExactlyInAnyOrder("t:from v3", binary, "t:marker");
                assertThat(described(v1.data).stream().filter(m -> !m.equals("t:marker")))
                        .containsExactly("t:from v3", binary);
            }
            case PUBLISHER -> {
                assertThat(described(p1)).containsExactly("t:from v3", binary);
                assertThat(described(p2)).containsExactly("t:from v3", binary);
                assertThat(described(v1.data)).containsExactly("t:marker");
            }
            case NONE -> {
                assertThat(p1.received).isEmpty();
                assertThat(p2.received).isEmpty();
                assertThat(described(v1.data)).containsExactly("t:marker");
            }
        }
        assertThat(described(v3.data)).containsExactly("t:marker");
    }

    @Test
    void theDataSectionKeepsItsPlaceWhenTheRoomGrows() throws Exception {
        DataPeer p1 = publish("p1");
        RoomViewer v = playRoom(List.of("p1"), true);
        String first = v.events.sdp;
        assertThat(mediaMids(first)).containsExactly("audio/0", "video/1", "application/data");

        publish("p2");
        v.session.participants(List.of("p1", "p2"));
        await().atMost(WAIT).until(() -> v.events.sdp != first);
        assertThat(mediaMids(v.events.sdp)).containsExactly("audio/0", "video/1", "application/data",
                "audio/2", "video/3");
        assertThat(SdpParser.parse(v.events.sdp).groups().get(0).mids())
                .containsExactly("0", "1", "data", "2", "3");
        v.answer();

        assertThat(p1.send(text("after re-offer"), false).get(5, TimeUnit.SECONDS)).isTrue();
        await().atMost(WAIT).until(() -> described(v.data).contains("t:after re-offer"));
        assertThat(v.data.channelLabels).containsExactly(ROOM);
    }

    @Test
    void withDataChannelsDisabledRoomOffersHaveNoApplicationSection() throws Exception {
        service.dataChannelSettings(() -> new DataChannelSettings(false, PlayerDistribution.ALL));
        publish("p1", false);
        RoomViewer v = playRoom(List.of("p1"), false);
        assertThat(SdpParser.parse(v.events.sdp).media()).extracting(MediaSection::type)
                .containsExactly("audio", "video");
        assertThat(v.events.candidates).allMatch(c -> !c.contains("/data/"));
    }
}
