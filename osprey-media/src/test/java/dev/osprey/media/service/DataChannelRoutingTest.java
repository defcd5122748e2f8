package dev.osprey.media.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.osprey.media.service.datachannel.DataChannelSession;
import dev.osprey.media.service.datachannel.DataChannelSettings.PlayerDistribution;
import dev.osprey.media.service.datachannel.DataChannelSettings;
import dev.osprey.media.service.datachannel.DataChannelStats;
import dev.osprey.webrtc.sctp.SctpConfig;
import dev.osprey.webrtc.sctp.SctpStats;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.SdpParser;
import dev.osprey.webrtc.sdp.SessionDescription;
import dev.osprey.webrtc.sdp.negotiation.LocalCapabilities;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.PeerTransport;
import dev.osprey.webrtc.transport.TransportSdp;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/** Data channel routing through a {@link MediaService}, with client-role peers standing in for the SDK. */
class DataChannelRoutingTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

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

    private record Peer(MediaSession session, RecordingSessionListener events, DataPeer data, SessionDescription sdp) {
    }

    /** A publisher like the SDK's: its own channel labelled with the stream id; media unless both flags are off. */
    private Peer publish(String streamId, boolean media) throws Exception {
        LocalTransport local = ClientPeers.clientLocal();
        RecordingSessionListener events = new RecordingSessionListener();
        MediaSession session = service.publish(streamId, ClientPeers.publisherOffer(local, media, media, true),
                media, media, events);
        DataPeer data = new DataPeer(streamId);
        PeerTransport client = fixture.connect(local, TransportSdp.remoteFromAnswer(events.sdp), data);
        data.attach(client);
        if (media) {
            fixture.pump(client);
        }
        await().atMost(WAIT).until(() -> events.started.get() == 1);
        data.channelOpen.get(15, TimeUnit.SECONDS);
        return new Peer(session, events, data, SdpParser.parse(events.sdp));
    }

    /** A player like the SDK's: it accepts the channel the server opens. */
    private Peer play(String streamId, boolean acceptData) throws Exception {
        RecordingSessionListener events = new RecordingSessionListener();
        MediaSession session = service.play(streamId, events);
        LocalTransport local = ClientPeers.clientLocal();
        TransportSdp.Answer answer = TransportSdp.answer(events.sdp,
                LocalCapabilities.receiveDefaults().withDataChannels(acceptData), local, "42");
        session.remoteDescription("answer", answer.sdp());
        DataPeer data = new DataPeer((String) null);
        PeerTransport client = fixture.connect(local, answer.remote(), data);
        data.attach(client);
        await().atMost(WAIT).until(() -> events.started.get() == 1);
        if (acceptData) {
            data.channelOpen.get(15, TimeUnit.SECONDS);
        }
        return new Peer(session, events, data, SdpParser.parse(events.sdp));
    }

    /** What the SDK's sendData does with binary data: an [token, length] Int32 LE header, then token-prefixed chunks of 16000. */
    private static List<byte[]> sdkChunks(byte[] data, int token) {
        List<byte[]> out = new ArrayList<>();
        out.add(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(token).putInt(data.length).array());
        for (int sent = 0; sent < data.length; sent += 16_000) {
            int size = Math.min(16_000, data.length - sent);
            ByteBuffer chunk = ByteBuffer.allocate(4 + size).order(ByteOrder.LITTLE_ENDIAN).putInt(token);
            chunk.put(data, sent, size);
            out.add(chunk.array());
        }
        return out;
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertSame(List<DataPeer.Message> got, List<DataPeer.Message> expected) {
        assertThat(got).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(got.get(i).binary()).as("message %d binary", i).isEqualTo(expected.get(i).binary());
            assertThat(got.get(i).payload()).as("message %d bytes", i).isEqualTo(expected.get(i).payload());
        }
    }

    @Test
    void thePublishersTextAndChunkedBinaryReachEveryPlayerUnchanged() throws Exception {
        Peer publisher = publish("s1", true);
        MediaSection answered = publisher.sdp.media().get(2);
        assertThat(answered.type()).isEqualTo(MediaSection.APPLICATION);
        assertThat(answered.isRejected()).isFalse();
        assertThat(answered.sctpPort()).isEqualTo(5000);
        assertThat(answered.maxMessageSize()).isEqualTo(262_144L);
        assertThat(publisher.events.candidates).hasSize(3);

        Peer a = play("s1", true);
        Peer b = play("s1", true);
        assertThat(a.sdp.media()).extracting(MediaSection::type).containsExactly("audio", "video", "application");
        assertThat(a.sdp.media().get(2).sctpPort()).isEqualTo(5000);
        assertThat(a.events.idMapping).doesNotContainKey("2");
        // The server opens the player's channel, labelled with the stream id.
        assertThat(a.data.channelLabels).containsExactly("s1");

        byte[] binary = new byte[100 * 1024];
        new Random(7).nextBytes(binary);
        List<DataPeer.Message> expected = new ArrayList<>();
        expected.add(new DataPeer.Message(text("héllo {\"eventType\":\"CHAT_MESSAGE\"}"), false));
        expected.add(new DataPeer.Message(new byte[0], false));
        for (byte[] chunk : sdkChunks(binary, 424242)) {
            expected.add(new DataPeer.Message(chunk, true));
        }
        expected.add(new DataPeer.Message(new byte[] {(byte) 0xC3, 0x28}, true));
        for (DataPeer.Message m : expected) {
            assertThat(publisher.data.send(m.payload(), m.binary()).get(5, TimeUnit.SECONDS)).isTrue();
        }
        await().atMost(WAIT).until(() -> a.data.received.size() >= expected.size()
                && b.data.received.size() >= expected.size());
        assertSame(a.data.received, expected);
        assertSame(b.data.received, expected);
        assertThat(publisher.data.received).isEmpty();
        DataChannelStats stats = service.dataChannelStats();
        assertThat(stats.messagesReceived()).isEqualTo(expected.size());
        assertThat(stats.messagesRelayed()).isEqualTo(2L * expected.size());
        assertThat(stats.messagesDropped()).isZero();
    }

    @ParameterizedTest
    @EnumSource(PlayerDistribution.class)
    void aPlayersMessagesGoWhereTheDistributionSays(PlayerDistribution distribution) throws Exception {
        service.dataChannelSettings(() -> new DataChannelSettings(true, distribution));
        Peer publisher = publish("s2", true);
        Peer a = play("s2", true);
        Peer b = play("s2", true);

        assertThat(a.data.send(text("from a"), false).get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(a.data.send(new byte[] {1, 2, 3}, true).get(5, TimeUnit.SECONDS)).isTrue();
        // A publisher message afterwards: once it arrived everywhere, a's messages had their chance too.
        assertThat(publisher.data.send(text("marker"), false).get(5, TimeUnit.SECONDS)).isTrue();
        await().atMost(WAIT).until(() -> a.data.received.size() == 1 && b.data.received.stream()
                .anyMatch(m -> m.text().equals("marker")));
        Thread.sleep(200);

        List<String> atPublisher = publisher.data.received.stream().map(m -> (m.binary() ? "b:" : "t:") + m.text()).toList();
        List<String> atB = b.data.received.stream().map(m -> (m.binary() ? "b:" : "t:") + m.text()).toList();
        String binary = "b:" + new String(new byte[] {1, 2, 3}, StandardCharsets.UTF_8);
        switch (distribution) {
            case ALL -> {
                assertThat(atPublisher).containsExactly("t:from a", binary);
                // a's messages keep their order; the publisher's marker travels on another association,
                // so it may overtake them at b.
                await().atMost(WAIT).until(() -> b.data.received.size() == 3);
                List<String> allAtB = b.data.received.stream().map(m -> (m.binary() ? "b:" : "t:") + m.text()).toList();
                assertThat(allAtB).containsExactlyInAnyOrder("t:from a", binary, "t:marker");
                assertThat(allAtB.stream().filter(m -> !m.equals("t:marker")).toList()).containsExactly("t:from a", binary);
            }
            case PUBLISHER -> {
                assertThat(atPublisher).containsExactly("t:from a", binary);
                assertThat(atB).containsExactly("t:marker");
            }
            case NONE -> {
                assertThat(atPublisher).isEmpty();
                assertThat(atB).containsExactly("t:marker");
            }
        }
        // the sender never gets its own message back
        assertThat(a.data.received).extracting(DataPeer.Message::text).containsExactly("marker");
    }

    @Test
    void disabledDataChannelsAreDeclinedInTheAnswerAndAbsentFromTheOffer() throws Exception {
        service.dataChannelSettings(() -> new DataChannelSettings(false, PlayerDistribution.ALL));
        LocalTransport local = ClientPeers.clientLocal();
        RecordingSessionListener events = new RecordingSessionListener();
        service.publish("s3", ClientPeers.publisherOffer(local, true, true, true), true, true, events);
        SessionDescription answer = SdpParser.parse(events.sdp);
        assertThat(answer.media()).extracting(MediaSection::type).containsExactly("audio", "video", "application");
        assertThat(answer.media().get(2).isRejected()).isTrue();
        assertThat(answer.bundleGroup().mids()).containsExactly("0", "1");
        assertThat(events.candidates).hasSize(2);

        PeerTransport client = fixture.connect(local, TransportSdp.remoteFromAnswer(events.sdp), new ClientPeers.Counting());
        fixture.pump(client);
        await().atMost(WAIT).until(() -> events.started.get() == 1);
        RecordingSessionListener viewer = new RecordingSessionListener();
        service.play("s3", viewer);
        assertThat(SdpParser.parse(viewer.sdp).media()).extracting(MediaSection::type).containsExactly("audio", "video");

        // A data-only offer has nothing left to accept.
        assertThatThrownBy(() -> service.publish("s4", dataOnlyOffer(), false, false, new RecordingSessionListener()))
                .isInstanceOf(MediaException.class).hasMessageContaining("no acceptable media section");
    }

    private static String dataOnlyOffer() {
        return ClientPeers.publisherOffer(ClientPeers.clientLocal(), false, false, true);
    }

    @Test
    void aDataOnlyPublisherGoesLiveWhenItsChannelOpensAndReachesItsPlayers() throws Exception {
        Peer publisher = publish("s5", false);
        assertThat(publisher.sdp.media()).extracting(MediaSection::type).containsExactly("application");
        assertThat(service.isLive("s5")).isTrue();
        Peer player = play("s5", true);
        assertThat(player.sdp.media()).extracting(MediaSection::type).containsExactly("application");
        assertThat(player.events.idMapping).isEmpty();

        publisher.data.send(text("only data"), false).get(5, TimeUnit.SECONDS);
        player.data.send(text("back"), false).get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> player.data.received.size() == 1 && publisher.data.received.size() == 1);
        assertThat(player.data.received.get(0).text()).isEqualTo("only data");
        assertThat(publisher.data.received.get(0).text()).isEqualTo("back");
        // No media ever comes, yet the publisher outlives the start timeout.
        Thread.sleep(service.config().startTimeout().toMillis() + 1500);
        assertThat(service.isLive("s5")).isTrue();
        assertThat(publisher.events.ended).isEmpty();
        assertThat(publisher.session.receivingMedia()).isTrue();
    }

    @Test
    void aSlowPlayerLosesOnlyItsOwnCopiesAndTheDropsAreCounted() throws Exception {
        Peer publisher = publish("s6", true);
        Peer fast = play("s6", true);
        Peer slow = play("s6", true);
        slow.data.deaf = true; // stops acknowledging: the server's window and queue towards it fill up
        slow.data.countOnly = true;

        int messages = 240;
        byte[] payload = new byte[16 * 1024];
        long start = System.nanoTime();
        for (int i = 0; i < messages; i += 8) {
            for (int j = i; j < i + 8; j++) {
                payload[0] = (byte) j;
                assertThat(publisher.data.send(payload.clone(), true).get(5, TimeUnit.SECONDS)).isTrue();
            }
            int expected = i + 8;
            await().atMost(WAIT).until(() -> fast.data.received.size() >= expected);
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(fast.data.received).hasSize(messages);
        for (int i = 0; i < messages; i++) {
            assertThat(fast.data.received.get(i).payload()[0]).isEqualTo((byte) i);
        }
        ViewerSession slowSession = (ViewerSession) slow.session;
        DataChannelStats stats = service.dataChannelStats();
        // 240 x 16 KiB = 3.75 MiB against a 1 MiB queue: most of the slow player's copies are dropped.
        assertThat(stats.messagesDropped()).isGreaterThan(messages / 2);
        assertThat(stats.messagesRelayed() + stats.messagesDropped()).isEqualTo(2L * messages);
        assertThat(onServerLoop(() -> slowSession.dataChannels().droppedMessages())).isEqualTo(stats.messagesDropped());
        SctpStats sctp = onServerLoop(() -> slowSession.dataChannels().stats());
        assertThat(sctp.bufferedBytes()).isLessThanOrEqualTo(DataChannelSession.SEND_BUFFER_BYTES);
        assertThat(elapsedMillis).as("the fast player kept up").isLessThan(10_000);
    }

    private <T> T onServerLoop(java.util.concurrent.Callable<T> task) throws Exception {
        EventLoop loop = fixture.mux.socket().eventLoop();
        return loop.submit(task).get(5, TimeUnit.SECONDS);
    }

    @Test
    void tenThousandMutatedSctpPacketsIntoALiveServerAssociationLeaveTheOthersWorking() throws Exception {
        Peer publisher = publish("s7", true);
        List<byte[]> corpus = new java.util.concurrent.CopyOnWriteArrayList<>();
        RecordingSessionListener events = new RecordingSessionListener();
        MediaSession session = service.play("s7", events);
        LocalTransport local = ClientPeers.clientLocal();
        TransportSdp.Answer answer = TransportSdp.answer(events.sdp, LocalCapabilities.receiveDefaults(), local, "42");
        session.remoteDescription("answer", answer.sdp());
        DataPeer target = new DataPeer((String) null);
        target.sentPackets = corpus::add;
        PeerTransport client = fixture.connect(local, answer.remote(), target);
        target.attach(client);
        target.channelOpen.get(15, TimeUnit.SECONDS);
        Peer other = play("s7", true);
        // Realistic traffic from the target: DATA (fragmented too), SACKs for the publisher's messages.
        for (int i = 0; i < 20; i++) {
            target.send(new byte[1 + i * 331], i % 2 == 0).get(5, TimeUnit.SECONDS);
            publisher.data.send(text("p" + i), false).get(5, TimeUnit.SECONDS);
        }
        await().atMost(WAIT).until(() -> other.data.received.size() >= 40);
        assertThat(corpus).hasSizeGreaterThan(10);

        ViewerSession server = (ViewerSession) session;
        SctpConfig limits = SctpConfig.webRtcDefaults();
        Random random = new Random(99);
        CRC32C crc = new CRC32C();
        EventLoop loop = fixture.mux.socket().eventLoop();
        for (int n = 0; n < 10_000; n++) {
            byte[] packet = corpus.get(random.nextInt(corpus.size())).clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips && packet.length > 12; f++) {
                packet[12 + random.nextInt(packet.length - 12)] = (byte) random.nextInt();
            }
            if (random.nextInt(10) == 0) {
                packet = java.util.Arrays.copyOf(packet, random.nextInt(packet.length + 64));
            }
            if (packet.length >= 12 && random.nextInt(10) != 0) { // one in ten keeps a wrong checksum
                crc.reset();
                crc.update(packet, 0, 8);
                crc.update(new byte[4], 0, 4);
                crc.update(packet, 12, packet.length - 12);
                int value = (int) crc.getValue();
                packet[8] = (byte) value;
                packet[9] = (byte) (value >>> 8);
                packet[10] = (byte) (value >>> 16);
                packet[11] = (byte) (value >>> 24);
            }
            byte[] mutated = packet;
            // Straight into the server's association on its loop: an exception would fail the future.
            SctpStats stats = loop.submit(() -> {
                server.onApplicationData(mutated, 0, mutated.length);
                return server.dataChannels().stats();
            }).get(5, TimeUnit.SECONDS);
            assertThat(stats.bufferedBytes()).isLessThanOrEqualTo(DataChannelSession.SEND_BUFFER_BYTES);
            assertThat(stats.receiveBufferedBytes()).isLessThanOrEqualTo(
                    limits.receiveBufferBytes() + limits.maxInboundMessageSize() + 65_535L);
        }
        // The other player's association is untouched: the publisher still reaches it.
        int before = other.data.received.size();
        publisher.data.send(text("still here"), false).get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> other.data.received.size() == before + 1);
        assertThat(other.data.received.get(before).text()).isEqualTo("still here");
        assertThat(publisher.events.ended).isEmpty();
    }
}
