package dev.osprey.media.service;

import static dev.osprey.media.service.ClientPeers.OPUS;
import static dev.osprey.media.service.ClientPeers.VP8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.SdpParser;
import dev.osprey.webrtc.sdp.SessionDescription;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.PeerTransport;
import dev.osprey.webrtc.transport.TransportSdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One broadcast's audience over two media loops: viewers on the other loop receive it through a mirror. */
class MediaLoopsTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Pattern CANDIDATE_PORT = Pattern.compile("127\\.0\\.0\\.1 (\\d+) typ host");

    private MediaServiceFixture fixture;
    private MediaService service;

    @BeforeEach
    void start() throws Exception {
        // slack 0: every viewer goes to the least busy loop, so the audience alternates between the two
        fixture = MediaServiceFixture.start(2, 0, c -> c.withStartTimeout(Duration.ofMillis(1500))
                .withBitrateInterval(Duration.ofMillis(300)));
        service = fixture.service;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private record Viewer(MediaSession session, RecordingSessionListener events, ClientPeers.Counting media,
                          SessionDescription offer, int port) {
        long ssrc(String kind) {
            for (MediaSection m : offer.media()) {
                if (m.type().equals(kind)) {
                    return m.ssrcIds().get(0);
                }
            }
            throw new AssertionError("no " + kind);
        }

        boolean receivesBoth() {
            return media.count(ssrc("video"), VP8) > 20 && media.count(ssrc("audio"), OPUS) > 20;
        }
    }

    private MediaSession publish(String streamId, RecordingSessionListener events) throws Exception {
        LocalTransport local = ClientPeers.clientLocal();
        MediaSession session = service.publish(streamId, ClientPeers.publisherOffer(local, true, true), true, true,
                events);
        PeerTransport client = fixture.connect(local, TransportSdp.remoteFromAnswer(events.sdp),
                new ClientPeers.Counting());
        fixture.pump(client);
        await().atMost(WAIT).until(() -> events.started.get() == 1);
        return session;
    }

    private Viewer play(String streamId) throws Exception {
        RecordingSessionListener events = new RecordingSessionListener();
        MediaSession session = service.play(streamId, events);
        LocalTransport local = ClientPeers.clientLocal();
        TransportSdp.Answer answer = ClientPeers.viewerAnswer(events.sdp, local);
        session.remoteDescription("answer", answer.sdp());
        ClientPeers.Counting media = new ClientPeers.Counting();
        fixture.connect(local, answer.remote(), media);
        Matcher port = CANDIDATE_PORT.matcher(events.candidates.get(0));
        assertThat(port.find()).isTrue();
        return new Viewer(session, events, media, SdpParser.parse(events.sdp), Integer.parseInt(port.group(1)));
    }

    @Test
    void viewersOnBothLoopsReceiveTheBroadcastAndEndWithIt() throws Exception {
        RecordingSessionListener publisherEvents = new RecordingSessionListener();
        MediaSession publisher = publish("wide", publisherEvents);
        List<Viewer> viewers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            viewers.add(play("wide"));
        }
        Set<Integer> ports = new HashSet<>();
        viewers.forEach(v -> ports.add(v.port));
        assertThat(ports).as("each loop advertises its own port").hasSize(2);

        for (Viewer v : viewers) {
            await().atMost(WAIT).until(() -> v.events.started.get() == 1 && v.receivesBoth());
        }
        assertThat(service.viewerCount("wide")).isEqualTo(4);
        await().atMost(WAIT).until(() -> service.viewerStats("wide").get().size() == 4);

        publisher.close();
        for (Viewer v : viewers) {
            await().atMost(WAIT).until(() -> v.events.ended.equals(List.of(EndReason.PUBLISHER_ENDED)));
        }
        await().atMost(WAIT).until(() -> service.sessionCount() == 0 && fixture.peerCount() == 0);
    }

    @Test
    void aViewerThatLeavesDoesNotDisturbTheOthersOnItsLoop() throws Exception {
        publish("leave", new RecordingSessionListener());
        List<Viewer> viewers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            viewers.add(play("leave"));
        }
        for (Viewer v : viewers) {
            await().atMost(WAIT).until(() -> v.receivesBoth());
        }
        Viewer leaving = viewers.get(1);
        leaving.session.close();
        await().atMost(WAIT).until(() -> service.viewerCount("leave") == 3);

        Viewer staying = viewers.get(3);
        assertThat(staying.port).isEqualTo(leaving.port);
        long before = staying.media.count(staying.ssrc("video"), VP8);
        await().atMost(WAIT).until(() -> staying.media.count(staying.ssrc("video"), VP8) > before + 20);
    }

    @Test
    void publishersAreSpreadOverTheLoops() throws Exception {
        RecordingSessionListener first = new RecordingSessionListener();
        RecordingSessionListener second = new RecordingSessionListener();
        publish("one", first);
        publish("two", second);
        assertThat(first.candidates.get(0)).isNotEqualTo(second.candidates.get(0));
        assertThat(service.publisherCount()).isEqualTo(2);
    }
}
