package dev.osprey.media.service;

import static dev.osprey.media.service.ClientPeers.OPUS;
import static dev.osprey.media.service.ClientPeers.VP8;
import static dev.osprey.media.service.ClientPeers.VP8_RTX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.osprey.webrtc.sdp.Direction;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.SdpParser;
import dev.osprey.webrtc.sdp.SessionDescription;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.TransportSdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A viewer of a stream whose publisher renegotiates is re-offered on its running connection; client-role
 * transports stand in for the browsers.
 */
class ViewerReOfferTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private MediaServiceFixture fixture;

    @BeforeEach
    void start() throws Exception {
        // a short start timeout: a viewer that leaves a re-offer unanswered longer than it must live on
        fixture = MediaServiceFixture.start(c -> c.withStartTimeout(Duration.ofMillis(1500)));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private record Publisher(MediaSession session, LocalTransport local) {
        void reOffer(String sdp) {
            session.remoteDescription("offer", sdp);
        }
    }

    private Publisher publishAudioOnly(String streamId) throws Exception {
        LocalTransport local = ClientPeers.clientLocal();
        RecordingSessionListener events = new RecordingSessionListener();
        MediaSession session = fixture.service.publish(streamId, ClientPeers.publisherOffer(local, true, false),
                true, true, events);
        // the pump sends VP8 too: dropped as an unknown SSRC until a re-offer adds the video track
        fixture.pump(fixture.connect(local, TransportSdp.remoteFromAnswer(events.sdp), new ClientPeers.Counting()));
        await().atMost(WAIT).until(() -> events.started.get() == 1);
        return new Publisher(session, local);
    }

    /** A viewer that answers what it is told to, with one client transport for the connection's lifetime. */
    private final class Viewer {
        final RecordingSessionListener events = new RecordingSessionListener();
        final ArrivalWatch media = new ArrivalWatch();
        final LocalTransport local = ClientPeers.clientLocal();
        final MediaSession session;

        Viewer(String streamId) throws Exception {
            session = fixture.service.play(streamId, events);
            TransportSdp.Answer answer = ClientPeers.viewerAnswer(events.sdp, local);
            session.remoteDescription("answer", answer.sdp());
            fixture.connect(local, answer.remote(), media);
        }

        SessionDescription offer(int n) {
            return SdpParser.parse(events.descriptions.get(n));
        }

        void answer(int n) throws Exception {
            session.remoteDescription("answer", ClientPeers.viewerAnswer(events.descriptions.get(n), local).sdp());
        }

        long count(SessionDescription offer, String mid, int payloadType) {
            return media.count(offer.mediaByMid(mid).ssrcIds().get(0), payloadType);
        }
    }

    /** Counts RTP per SSRC/payload type and remembers the longest pause between packets of one SSRC. */
    private static final class ArrivalWatch extends ClientPeers.Counting {
        final AtomicLong watched = new AtomicLong(-1);
        final AtomicLong last = new AtomicLong();
        final AtomicLong longestPauseNanos = new AtomicLong();
        private final dev.osprey.webrtc.rtp.RtpPacket view = new dev.osprey.webrtc.rtp.RtpPacket();

        @Override
        public void onRtp(byte[] buf, int off, int len) {
            super.onRtp(buf, off, len);
            if (view.wrap(buf, off, len) && Integer.toUnsignedLong(view.ssrc()) == watched.get()) {
                long now = System.nanoTime();
                long before = last.getAndSet(now);
                if (before != 0) {
                    longestPauseNanos.accumulateAndGet(now - before, Math::max);
                }
            }
        }

        void watch(long ssrc) {
            watched.set(ssrc);
        }
    }

    @Test
    void addedVideoIsReOffered_answeredItFlows_andStoppedItTurnsInactive_whileAudioFlowsThroughout() throws Exception {
        Publisher publisher = publishAudioOnly("r1");
        Viewer viewer = new Viewer("r1");
        SessionDescription first = viewer.offer(0);
        assertThat(first.media()).extracting(MediaSection::mid).containsExactly("0", "1");
        long audioSsrc = first.mediaByMid("0").ssrcIds().get(0);
        viewer.media.watch(audioSsrc);
        await().atMost(WAIT).until(() -> viewer.media.count(audioSsrc, OPUS) > 20);

        publisher.reOffer(ClientPeers.publisherOffer(publisher.local, true, true));

        await().atMost(WAIT).until(() -> viewer.events.descriptions.size() == 2);
        SessionDescription added = viewer.offer(1);
        assertThat(viewer.events.type).isEqualTo("offer");
        assertThat(viewer.events.idMapping).isEqualTo(Map.of("0", "ARDAMSar1", "2", "ARDAMSvr1"));
        assertThat(added.origin().sessionVersion()).isEqualTo(first.origin().sessionVersion() + 1);
        assertThat(added.media()).extracting(MediaSection::mid).containsExactly("0", "1", "2");
        assertThat(added.media()).extracting(MediaSection::type).containsExactly("audio", "application", "video");
        // the viewer's first answer declined the data channel: it stays at port 0, out of the BUNDLE group
        assertThat(added.mediaByMid("1").isRejected()).isTrue();
        assertThat(added.bundleGroup().mids()).containsExactly("0", "2");
        // the audio section is as before: same SSRC, same codec, still sendonly
        assertThat(added.mediaByMid("0").ssrcIds()).isEqualTo(first.mediaByMid("0").ssrcIds());
        assertThat(added.mediaByMid("0").formats()).isEqualTo(first.mediaByMid("0").formats());
        assertThat(added.mediaByMid("0").direction()).isEqualTo(Direction.SENDONLY);
        MediaSection video = added.mediaByMid("2");
        assertThat(video.direction()).isEqualTo(Direction.SENDONLY);
        assertThat(video.formats()).containsExactly(Integer.toString(VP8), Integer.toString(VP8_RTX));
        assertThat(video.ssrcIds()).hasSize(2);
        // the same transport: ICE credentials and certificate do not change
        assertThat(added.iceUfragFor(video)).isEqualTo(first.iceUfragFor(first.media().get(0)));
        assertThat(added.icePwdFor(video)).isEqualTo(first.icePwdFor(first.media().get(0)));
        assertThat(added.fingerprintsFor(video)).isEqualTo(first.fingerprintsFor(first.media().get(0)));

        viewer.answer(1);
        await().atMost(WAIT).until(() -> viewer.count(added, "2", VP8) > 20);
        long audioThen = viewer.media.count(audioSsrc, OPUS);
        await().atMost(WAIT).until(() -> viewer.media.count(audioSsrc, OPUS) > audioThen + 30);
        assertThat(fixture.service.viewerCount("r1")).isEqualTo(1);

        publisher.reOffer(ClientPeers.inactive(ClientPeers.publisherOffer(publisher.local, true, true), 1));

        await().atMost(WAIT).until(() -> viewer.events.descriptions.size() == 3);
        SessionDescription removed = viewer.offer(2);
        assertThat(removed.media()).extracting(MediaSection::mid).containsExactly("0", "1", "2");
        assertThat(removed.mediaByMid("2").direction()).isEqualTo(Direction.INACTIVE);
        assertThat(removed.mediaByMid("2").ssrcIds()).isEmpty();
        assertThat(removed.mediaByMid("0").direction()).isEqualTo(Direction.SENDONLY);
        assertThat(viewer.events.idMapping).isEqualTo(Map.of("0", "ARDAMSar1"));
        viewer.answer(2);
        // let packets in flight land, then no more video while audio goes on
        long audioNow = viewer.media.count(audioSsrc, OPUS);
        await().atMost(WAIT).until(() -> viewer.media.count(audioSsrc, OPUS) > audioNow + 10);
        long videoStopped = viewer.count(added, "2", VP8);
        long audioStopped = viewer.media.count(audioSsrc, OPUS);
        await().atMost(WAIT).until(() -> viewer.media.count(audioSsrc, OPUS) > audioStopped + 50);
        assertThat(viewer.count(added, "2", VP8)).isEqualTo(videoStopped);

        publisher.reOffer(ClientPeers.publisherOffer(publisher.local, true, true));

        await().atMost(WAIT).until(() -> viewer.events.descriptions.size() == 4);
        SessionDescription back = viewer.offer(3);
        assertThat(back.mediaByMid("2").direction()).isEqualTo(Direction.SENDONLY);
        assertThat(back.mediaByMid("2").ssrcIds()).isEqualTo(video.ssrcIds());
        viewer.answer(3);
        await().atMost(WAIT).until(() -> viewer.count(added, "2", VP8) > videoStopped + 20);

        assertThat(viewer.events.descriptions).hasSize(4);
        assertThat(viewer.events.ended).isEmpty();
        // audio never paused for anything like a renegotiation round (it is sent every 10 ms)
        assertThat(Duration.ofNanos(viewer.media.longestPauseNanos.get())).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void aViewerThatDoesNotAnswerKeepsItsTracks_andChangesMeanwhileGoOutAfterItsAnswer() throws Exception {
        Publisher publisher = publishAudioOnly("r2");
        Viewer viewer = new Viewer("r2");
        long audioSsrc = viewer.offer(0).mediaByMid("0").ssrcIds().get(0);
        await().atMost(WAIT).until(() -> viewer.media.count(audioSsrc, OPUS) > 20);

        publisher.reOffer(ClientPeers.publisherOffer(publisher.local, true, true));
        await().atMost(WAIT).until(() -> viewer.events.descriptions.size() == 2);
        publisher.reOffer(ClientPeers.inactive(ClientPeers.publisherOffer(publisher.local, true, true), 1));

        // unanswered for twice the start timeout: the audio goes on, the viewer is not ended, no second re-offer
        long before = viewer.media.count(audioSsrc, OPUS);
        await().atMost(WAIT).until(() -> viewer.media.count(audioSsrc, OPUS) > before + 300);
        assertThat(viewer.events.ended).isEmpty();
        assertThat(viewer.events.descriptions).hasSize(2);
        assertThat(viewer.media.packets.keySet()).containsExactly(Integer.toUnsignedString((int) audioSsrc) + "/" + OPUS);

        // the answer comes at last: the change made meanwhile follows as one more offer
        viewer.answer(1);
        await().atMost(WAIT).until(() -> viewer.events.descriptions.size() == 3);
        SessionDescription folded = viewer.offer(2);
        assertThat(folded.media()).extracting(MediaSection::mid).containsExactly("0", "1", "2");
        assertThat(folded.mediaByMid("2").direction()).isEqualTo(Direction.INACTIVE);
        assertThat(viewer.events.idMapping).isEqualTo(Map.of("0", "ARDAMSar2"));
        viewer.answer(2);
        long audioNow = viewer.media.count(audioSsrc, OPUS);
        await().atMost(WAIT).until(() -> viewer.media.count(audioSsrc, OPUS) > audioNow + 30);
        assertThat(viewer.media.packets.keySet()).containsExactly(Integer.toUnsignedString((int) audioSsrc) + "/" + OPUS);
        assertThat(viewer.events.ended).isEmpty();
    }

    @Test
    void aViewerThatRenumbersTheAddedCodecGetsItUnderItsOwnPayloadType() throws Exception {
        Publisher publisher = publishAudioOnly("r3");
        Viewer viewer = new Viewer("r3");
        publisher.reOffer(ClientPeers.publisherOffer(publisher.local, true, true));
        await().atMost(WAIT).until(() -> viewer.events.descriptions.size() == 2);

        String answer = ClientPeers.viewerAnswer(viewer.events.descriptions.get(1), viewer.local).sdp();
        String renumbered = renumberVideo(answer, VP8, 120);
        assertThat(renumbered).isNotEqualTo(answer);
        viewer.session.remoteDescription("answer", renumbered);

        SessionDescription added = viewer.offer(1);
        await().atMost(WAIT).until(() -> viewer.count(added, "2", 120) > 20);
        assertThat(viewer.count(added, "2", VP8)).isZero();
        assertThat(viewer.events.ended).isEmpty();
    }

    /** The answer with payload type {@code from} of its video section renamed {@code to} (rtx apt too). */
    private static String renumberVideo(String sdp, int from, int to) {
        String[] sections = sdp.split("(?=m=)");
        for (int i = 1; i < sections.length; i++) {
            if (sections[i].startsWith("m=video")) {
                sections[i] = sections[i].replaceFirst("^(m=video \\d+ \\S+ )" + from + "\\b", "$1" + to)
                        .replace("a=rtpmap:" + from + " ", "a=rtpmap:" + to + " ")
                        .replace("a=rtcp-fb:" + from + " ", "a=rtcp-fb:" + to + " ")
                        .replace("a=fmtp:" + from + " ", "a=fmtp:" + to + " ")
                        .replace("apt=" + from, "apt=" + to);
            }
        }
        return String.join("", List.of(sections));
    }
}
