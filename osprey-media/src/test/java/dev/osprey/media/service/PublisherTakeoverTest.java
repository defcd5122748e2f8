package dev.osprey.media.service;

import static dev.osprey.media.service.ClientPeers.AUDIO_SSRC;
import static dev.osprey.media.service.ClientPeers.OPUS;
import static dev.osprey.media.service.ClientPeers.RTX_SSRC;
import static dev.osprey.media.service.ClientPeers.VIDEO_SSRC;
import static dev.osprey.media.service.ClientPeers.VP8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.osprey.webrtc.rtp.rtcp.Pli;
import dev.osprey.webrtc.rtp.rtcp.Rtcp;
import dev.osprey.webrtc.rtp.rtcp.RtcpCompoundReader;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.SdpParser;
import dev.osprey.webrtc.sdp.SessionDescription;
import dev.osprey.webrtc.srtp.SrtpProfile;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.PeerTransport;
import dev.osprey.webrtc.transport.PeerTransportListener;
import dev.osprey.webrtc.transport.TransportSdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A publisher whose media stopped is followed by one that publishes the same id (Ant Media's
 * {@code session_restored}): with the same track layout the stream goes on, and its viewers keep their
 * connections and SSRCs and receive the new publisher's media; otherwise the stream ends as before.
 */
class PublisherTakeoverTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int NEW_AUDIO_SSRC = 0x44444444;
    private static final int NEW_VIDEO_SSRC = 0x55555555;
    private static final int NEW_RTX_SSRC = 0x66666666;

    private MediaServiceFixture fixture;

    @BeforeEach
    void start() throws Exception {
        // long enough for a publisher to count as stopped (2 s without media) before it times out
        fixture = MediaServiceFixture.start(c -> c.withStartTimeout(Duration.ofSeconds(6)));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aReconnectingPublisherContinuesTheStreamForItsViewers() throws Exception {
        Publisher first = publish("s", true, true, AUDIO_SSRC, VIDEO_SSRC, RTX_SSRC);
        Viewer viewer = play("s");
        long audio = viewer.ssrc("audio");
        long video = viewer.ssrc("video");
        await().atMost(WAIT).until(() -> viewer.media.count(video, VP8) > 20 && viewer.media.count(audio, OPUS) > 20);

        first.source.sending = false; // its network dropped: no media, no close
        await().atMost(WAIT).until(() -> !first.session.receivingMedia());
        long videoBefore = viewer.media.count(video, VP8);
        long audioBefore = viewer.media.count(audio, OPUS);

        Publisher second = publish("s", true, true, NEW_AUDIO_SSRC, NEW_VIDEO_SSRC, NEW_RTX_SSRC);
        assertThat(second.events.restored.get()).isEqualTo(1);
        assertThat(first.events.ended).containsExactly(EndReason.REPLACED);
        // same SSRCs at the viewer, media from the new publisher
        await().atMost(WAIT).until(() -> viewer.media.count(video, VP8) > videoBefore + 20
                && viewer.media.count(audio, OPUS) > audioBefore + 20);
        assertThat(viewer.media.packets.keySet()).containsExactlyInAnyOrder(audio + "/" + OPUS, video + "/" + VP8);
        assertThat(viewer.events.ended).isEmpty();
        assertThat(viewer.events.descriptions).hasSize(1); // no re-offer
        assertThat(viewer.events.started.get()).isEqualTo(1);
        assertThat(fixture.service.viewerCount("s")).isEqualTo(1);
        assertThat(fixture.service.isLive("s")).isTrue();
        assertThat(fixture.service.viewerStats("s").get()).hasSize(1);

        // the viewer's keyframe requests now reach the new publisher; its video flows, so any further
        // PLI there comes from the viewer
        long plisBefore = second.feedback.plis(NEW_VIDEO_SSRC);
        await().atMost(WAIT).until(() -> {
            viewer.sendPli((int) video);
            return second.feedback.plis(NEW_VIDEO_SSRC) > plisBefore;
        });
        assertThat(first.feedback.plis(NEW_VIDEO_SSRC)).isZero();

        second.session.close();
        await().atMost(WAIT).until(() -> viewer.events.ended.equals(List.of(EndReason.PUBLISHER_ENDED)));
        await().atMost(WAIT).until(() -> fixture.service.sessionCount() == 0 && fixture.mux.peerCount() == 0);
    }

    @Test
    void aPublisherClosedForTakeoverKeepsItsViewersForTheNextPublishOfTheId() throws Exception {
        Publisher first = publish("s", true, true, AUDIO_SSRC, VIDEO_SSRC, RTX_SSRC);
        Viewer viewer = play("s");
        long video = viewer.ssrc("video");
        await().atMost(WAIT).until(() -> viewer.media.count(video, VP8) > 20);

        first.session.closeForTakeover();
        await().atMost(WAIT).until(() -> !fixture.service.isLive("s") && fixture.mux.peerCount() == 1);
        long before = viewer.media.count(video, VP8);

        Publisher second = publish("s", true, true, NEW_AUDIO_SSRC, NEW_VIDEO_SSRC, NEW_RTX_SSRC);
        assertThat(second.events.restored.get()).isEqualTo(1);
        await().atMost(WAIT).until(() -> viewer.media.count(video, VP8) > before + 20);
        assertThat(first.events.ended).isEmpty(); // closed by its caller: no callback
        assertThat(viewer.events.ended).isEmpty();
    }

    @Test
    void withoutAReconnectingPublisherTheViewersOfAPublisherClosedForTakeoverEndAfterTheTimeout() throws Exception {
        Publisher first = publish("s", true, true, AUDIO_SSRC, VIDEO_SSRC, RTX_SSRC);
        Viewer viewer = play("s");
        await().atMost(WAIT).until(() -> viewer.events.started.get() == 1);

        first.session.closeForTakeover();
        await().atMost(WAIT).until(() -> viewer.events.ended.equals(List.of(EndReason.PUBLISHER_ENDED)));
        assertThat(first.events.ended).isEmpty();
        await().atMost(WAIT).until(() -> fixture.service.sessionCount() == 0 && fixture.mux.peerCount() == 0);
    }

    @Test
    void aReconnectingPublisherWithOtherTracksStartsAfreshAndTheViewersEnd() throws Exception {
        Publisher first = publish("s", true, true, AUDIO_SSRC, VIDEO_SSRC, RTX_SSRC);
        Viewer viewer = play("s");
        await().atMost(WAIT).until(() -> viewer.events.started.get() == 1);
        first.source.sending = false;
        await().atMost(WAIT).until(() -> !first.session.receivingMedia());

        Publisher second = publish("s", true, false, NEW_AUDIO_SSRC, NEW_VIDEO_SSRC, NEW_RTX_SSRC);
        assertThat(second.events.restored.get()).isZero();
        await().atMost(WAIT).until(() -> viewer.events.ended.equals(List.of(EndReason.PUBLISHER_ENDED)));
        assertThat(first.events.ended).containsExactly(EndReason.REPLACED);
        // the new stream is a stream of its own: a new viewer gets its audio
        Viewer next = play("s");
        await().atMost(WAIT).until(() -> next.media.count(next.ssrc("audio"), OPUS) > 20);
    }

    @Test
    void aPublisherStillSendingIsReplacedAndItsViewersEnd() throws Exception {
        Publisher first = publish("s", true, true, AUDIO_SSRC, VIDEO_SSRC, RTX_SSRC);
        Viewer viewer = play("s");
        await().atMost(WAIT).until(() -> viewer.events.started.get() == 1);

        Publisher second = publish("s", true, true, NEW_AUDIO_SSRC, NEW_VIDEO_SSRC, NEW_RTX_SSRC);
        assertThat(second.events.restored.get()).isZero();
        await().atMost(WAIT).until(() -> viewer.events.ended.equals(List.of(EndReason.PUBLISHER_ENDED)));
        assertThat(first.events.ended).containsExactly(EndReason.REPLACED);
    }

    // ---- peers

    /** Sends Opus and VP8 (a keyframe every 30 frames) under its own SSRCs while {@link #sending}. */
    private static final class Source {
        private final PeerTransport transport;
        private final int audioSsrc;
        private final int videoSsrc;
        volatile boolean sending = true;
        private int seq;
        private int frame;

        Source(PeerTransport transport, int audioSsrc, int videoSsrc) {
            this.transport = transport;
            this.audioSsrc = audioSsrc;
            this.videoSsrc = videoSsrc;
        }

        void tick() {
            if (!sending || transport.state() != PeerTransport.State.CONNECTED) {
                return;
            }
            byte[] v = ClientPeers.rtp(VP8, seq, frame * 3000, videoSsrc,
                    frame % 30 == 0 ? ClientPeers.VP8_KEY : ClientPeers.VP8_DELTA);
            transport.sendRtp(v, 0, v.length - SrtpProfile.MAX_TRAILER);
            byte[] a = ClientPeers.rtp(OPUS, seq, frame * 960, audioSsrc, new byte[] {1, 2, 3, 4});
            transport.sendRtp(a, 0, a.length - SrtpProfile.MAX_TRAILER);
            seq++;
            frame++;
        }
    }

    /** A publisher's client: counts the PLIs the server sends it, by media SSRC. */
    private static final class Feedback implements PeerTransportListener {
        private final Map<Integer, AtomicLong> plis = new ConcurrentHashMap<>();
        private final RtcpCompoundReader reader = new RtcpCompoundReader();

        @Override
        public void onConnected(SrtpProfile profile) {
        }

        @Override
        public void onRtp(byte[] buf, int off, int len) {
        }

        @Override
        public void onRtcp(byte[] buf, int off, int len) {
            if (!reader.wrap(buf, off, len)) {
                return;
            }
            while (reader.next()) {
                int p = reader.packetOffset();
                if (reader.packetType() == Rtcp.PT_PSFB && Pli.isValid(buf, p, reader.packetLength())) {
                    plis.computeIfAbsent(Pli.mediaSsrc(buf, p), k -> new AtomicLong()).incrementAndGet();
                }
            }
        }

        long plis(int mediaSsrc) {
            AtomicLong n = plis.get(mediaSsrc);
            return n == null ? 0 : n.get();
        }
    }

    private record Publisher(MediaSession session, RecordingSessionListener events, Source source, Feedback feedback) {
    }

    private Publisher publish(String streamId, boolean audio, boolean video, int audioSsrc, int videoSsrc,
                              int rtxSsrc) throws Exception {
        LocalTransport local = ClientPeers.clientLocal();
        String offer = ClientPeers.publisherOffer(local, audio, video)
                .replace(Integer.toUnsignedString(AUDIO_SSRC), Integer.toUnsignedString(audioSsrc))
                .replace(Integer.toUnsignedString(VIDEO_SSRC), Integer.toUnsignedString(videoSsrc))
                .replace(Integer.toUnsignedString(RTX_SSRC), Integer.toUnsignedString(rtxSsrc));
        RecordingSessionListener events = new RecordingSessionListener();
        MediaSession session = fixture.service.publish(streamId, offer, video, audio, events);
        Feedback feedback = new Feedback();
        PeerTransport client = fixture.connect(local, TransportSdp.remoteFromAnswer(events.sdp), feedback);
        Source source = new Source(client, audioSsrc, videoSsrc);
        fixture.every10ms(source::tick);
        await().atMost(WAIT).until(() -> events.started.get() == 1);
        return new Publisher(session, events, source, feedback);
    }

    private record Viewer(MediaSession session, RecordingSessionListener events, PeerTransport client,
                          ClientPeers.Counting media, SessionDescription offer) {
        long ssrc(String kind) {
            for (MediaSection m : offer.media()) {
                if (m.type().equals(kind)) {
                    return m.ssrcIds().get(0);
                }
            }
            throw new AssertionError("no " + kind);
        }

        void sendPli(int mediaSsrc) {
            byte[] pli = new byte[Pli.LENGTH + SrtpProfile.MAX_TRAILER];
            int n = Pli.write(pli, 0, 0x7777, mediaSsrc);
            client.sendRtcp(pli, 0, n);
        }
    }

    private Viewer play(String streamId) throws Exception {
        RecordingSessionListener events = new RecordingSessionListener();
        MediaSession session = fixture.service.play(streamId, events);
        LocalTransport local = ClientPeers.clientLocal();
        TransportSdp.Answer answer = ClientPeers.viewerAnswer(events.sdp, local);
        session.remoteDescription("answer", answer.sdp());
        ClientPeers.Counting media = new ClientPeers.Counting();
        PeerTransport client = fixture.connect(local, answer.remote(), media);
        return new Viewer(session, events, client, media, SdpParser.parse(events.sdp));
    }
}
