package dev.osprey.media.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.osprey.media.service.datachannel.DataChannelSettings.PlayerDistribution;
import dev.osprey.media.service.datachannel.DataChannelSettings;
import dev.osprey.media.service.datachannel.DataMessageListener;
import dev.osprey.media.service.datachannel.DataSendOutcome;
import dev.osprey.media.service.room.RoomPlaySession;
import dev.osprey.webrtc.sdp.negotiation.LocalCapabilities;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.PeerTransport;
import dev.osprey.webrtc.transport.TransportSdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The server's own data channel messages ({@link MediaService#sendData}) and the {@link DataMessageListener},
 * with client-role peers standing in for the SDK.
 */
class ServerDataMessageTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private MediaServiceFixture fixture;
    private MediaService service;
    private final List<String> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        fixture = MediaServiceFixture.start(c -> c.withStartTimeout(Duration.ofMillis(3000)));
        service = fixture.service;
        service.dataMessageListener((streamId, payload, binary, from) ->
                heard.add(streamId + "/" + from + "/" + (binary ? "b:" : "t:") + new String(payload, StandardCharsets.UTF_8)));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private DataPeer publish(String streamId) throws Exception {
        LocalTransport local = ClientPeers.clientLocal();
        RecordingSessionListener events = new RecordingSessionListener();
        service.publish(streamId, ClientPeers.publisherOffer(local, true, true, true), true, true, events);
        DataPeer data = new DataPeer(streamId);
        PeerTransport client = fixture.connect(local, TransportSdp.remoteFromAnswer(events.sdp), data);
        data.attach(client);
        fixture.pump(client);
        await().atMost(WAIT).until(() -> events.started.get() == 1);
        data.channelOpen.get(15, TimeUnit.SECONDS);
        return data;
    }

    private DataPeer play(String streamId) throws Exception {
        RecordingSessionListener events = new RecordingSessionListener();
        MediaSession session = service.play(streamId, events);
        LocalTransport local = ClientPeers.clientLocal();
        TransportSdp.Answer answer = TransportSdp.answer(events.sdp,
                LocalCapabilities.receiveDefaults().withDataChannels(true), local, "42");
        session.remoteDescription("answer", answer.sdp());
        return connect(local, answer, events);
    }

    private DataPeer playRoom(String room, List<String> participants) throws Exception {
        RecordingSessionListener events = new RecordingSessionListener();
        RoomPlaySession session = service.playRoom(room, participants, -1, events);
        await().atMost(WAIT).until(() -> events.sdp != null);
        LocalTransport local = ClientPeers.clientLocal();
        TransportSdp.Answer answer = TransportSdp.answer(events.sdp,
                LocalCapabilities.receiveDefaults().withDataChannels(true), local, "42");
        session.remoteDescription("answer", answer.sdp());
        return connect(local, answer, events);
    }

    private DataPeer connect(LocalTransport local, TransportSdp.Answer answer, RecordingSessionListener events)
            throws Exception {
        DataPeer data = new DataPeer((String) null);
        PeerTransport client = fixture.connect(local, answer.remote(), data);
        data.attach(client);
        await().atMost(WAIT).until(() -> events.started.get() == 1);
        data.channelOpen.get(15, TimeUnit.SECONDS);
        return data;
    }

    private DataSendOutcome send(String id, byte[] payload, boolean binary) throws Exception {
        return service.sendData(id, payload, binary).get(5, TimeUnit.SECONDS);
    }

    private static void assertReceived(DataPeer peer, List<DataPeer.Message> expected) {
        await().atMost(WAIT).until(() -> peer.received.size() >= expected.size());
        assertThat(peer.received).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(peer.received.get(i).binary()).as("message %d binary", i).isEqualTo(expected.get(i).binary());
            assertThat(peer.received.get(i).payload()).as("message %d bytes", i).isEqualTo(expected.get(i).payload());
        }
    }

    @Test
    void aStreamMessageReachesThePublisherItsPlayersAndTheRoomPlayersReceivingItExactly() throws Exception {
        DataPeer publisher = publish("s1");
        DataPeer a = play("s1");
        DataPeer b = play("s1");
        DataPeer roomPlayer = playRoom("r1", List.of("s1"));
        DataPeer otherRoomPlayer = playRoom("r2", List.of());

        byte[] largest = new byte[MediaService.MAX_DATA_MESSAGE_BYTES];
        new Random(3).nextBytes(largest);
        List<DataPeer.Message> expected = List.of(
                new DataPeer.Message("{\"eventType\":\"héllo\"}".getBytes(StandardCharsets.UTF_8), false),
                new DataPeer.Message(new byte[] {0, (byte) 0xFF, (byte) 0xC3, 0x28}, true),
                new DataPeer.Message(largest, true));
        for (DataPeer.Message m : expected) {
            assertThat(send("s1", m.payload(), m.binary())).isEqualTo(DataSendOutcome.SENT);
        }
        for (DataPeer peer : List.of(publisher, a, b, roomPlayer)) {
            assertReceived(peer, expected);
        }
        assertThat(otherRoomPlayer.received).isEmpty();
        // The server's own messages are not the peers': the listener heard none of them.
        assertThat(heard).isEmpty();
    }

    @Test
    void aRoomMessageReachesEveryPlayerOfThatRoomOnly() throws Exception {
        DataPeer p1 = publish("p1");
        DataPeer p2 = publish("p2");
        DataPeer v1 = playRoom("room", List.of("p2"));
        DataPeer v2 = playRoom("room", List.of("p1"));
        DataPeer elsewhere = playRoom("other", List.of("p1", "p2"));

        assertThat(send("room", "to the room".getBytes(StandardCharsets.UTF_8), false)).isEqualTo(DataSendOutcome.SENT);
        List<DataPeer.Message> expected = List.of(new DataPeer.Message("to the room".getBytes(StandardCharsets.UTF_8), false));
        assertReceived(v1, expected);
        assertReceived(v2, expected);
        // A later message to p1 reaches p1 and the room players receiving p1; once there, the room message had its chance too.
        assertThat(send("p1", "marker".getBytes(StandardCharsets.UTF_8), false)).isEqualTo(DataSendOutcome.SENT);
        await().atMost(WAIT).until(() -> p1.received.size() == 1 && elsewhere.received.size() == 1);
        assertThat(p1.received.getFirst().text()).isEqualTo("marker");
        assertThat(elsewhere.received.getFirst().text()).isEqualTo("marker");
        assertThat(p2.received).isEmpty();
    }

    @Test
    void refusalsSayWhy() throws Exception {
        assertThat(send("nobody", new byte[1], false)).isEqualTo(DataSendOutcome.NOT_LIVE);
        assertThat(send("nobody", new byte[MediaService.MAX_DATA_MESSAGE_BYTES + 1], true))
                .isEqualTo(DataSendOutcome.TOO_LARGE);
        service.dataChannelSettings(() -> new DataChannelSettings(false, PlayerDistribution.ALL));
        assertThat(send("nobody", new byte[1], false)).isEqualTo(DataSendOutcome.DATA_CHANNELS_DISABLED);
    }

    @Test
    void theListenerHearsPublishersPlayersAndRoomPlayersWhateverTheDistribution() throws Exception {
        service.dataChannelSettings(() -> new DataChannelSettings(true, PlayerDistribution.NONE));
        DataPeer publisher = publish("s2");
        DataPeer player = play("s2");
        DataPeer roomPlayer = playRoom("r3", List.of("s2"));

        assertThat(publisher.send("from publisher".getBytes(StandardCharsets.UTF_8), false).get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(player.send(new byte[] {1, 2}, true).get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(roomPlayer.send("from room".getBytes(StandardCharsets.UTF_8), false).get(5, TimeUnit.SECONDS)).isTrue();
        await().atMost(WAIT).until(() -> heard.size() == 3);
        assertThat(heard).containsExactlyInAnyOrder("s2/PUBLISHER/t:from publisher",
                "s2/PLAYER/b:" + new String(new byte[] {1, 2}, StandardCharsets.UTF_8), "r3/PLAYER/t:from room");
        // Distribution none: the players' messages went nowhere else.
        assertThat(publisher.received).isEmpty();
    }
}
