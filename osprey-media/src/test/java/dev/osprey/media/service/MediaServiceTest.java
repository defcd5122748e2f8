package dev.osprey.media.service;

import static dev.osprey.media.service.ClientPeers.AUDIO_SSRC;
import static dev.osprey.media.service.ClientPeers.LOOPBACK;
import static dev.osprey.media.service.ClientPeers.OPUS;
import static dev.osprey.media.service.ClientPeers.VP8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.osprey.media.SourceDescription;
import dev.osprey.media.StreamInfo;
import dev.osprey.media.Tap;
import dev.osprey.media.TapControl;
import dev.osprey.media.TapHandle;
import dev.osprey.webrtc.rtp.RtpPacket;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.SdpParser;
import dev.osprey.webrtc.sdp.SessionDescription;
import dev.osprey.webrtc.sdp.SsrcAttribute;
import dev.osprey.webrtc.srtp.SrtpProfile;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.PeerTransport;
import dev.osprey.webrtc.transport.TransportSdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Publish and play through a {@link MediaService} with client-role transports standing in for browsers. */
class MediaServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private MediaServiceFixture fixture;
    private MediaService service;

    @BeforeEach
    void start() throws Exception {
        fixture = MediaServiceFixture.start(c -> c.withStartTimeout(Duration.ofMillis(1500)).withBitrateInterval(Duration.ofMillis(300)));
        service = fixture.service;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** A connected publisher sending Opus and VP8 every 10 ms. */
    private record Publisher(MediaSession session, RecordingSessionListener events, PeerTransport client) {
    }

    private Publisher publish(String streamId, boolean audio, boolean video) throws Exception {
        LocalTransport local = ClientPeers.clientLocal();
        RecordingSessionListener events = new RecordingSessionListener();
        MediaSession session = service.publish(streamId, ClientPeers.publisherOffer(local, audio, video), video, audio, events);
        assertThat(events.type).isEqualTo("answer");
        PeerTransport client = fixture.connect(local, TransportSdp.remoteFromAnswer(events.sdp), new ClientPeers.Counting());
        fixture.pump(client);
        await().atMost(WAIT).until(() -> events.started.get() == 1);
        return new Publisher(session, events, client);
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
    }

    private Viewer play(String streamId) throws Exception {
        RecordingSessionListener events = new RecordingSessionListener();
        MediaSession session = service.play(streamId, events);
        assertThat(events.type).isEqualTo("offer");
        LocalTransport local = ClientPeers.clientLocal();
        TransportSdp.Answer answer = ClientPeers.viewerAnswer(events.sdp, local);
        session.remoteDescription("answer", answer.sdp());
        ClientPeers.Counting media = new ClientPeers.Counting();
        PeerTransport client = fixture.connect(local, answer.remote(), media);
        return new Viewer(session, events, client, media, SdpParser.parse(events.sdp));
    }

    @Test
    void aViewerReceivesThePublishersAudioAndVideoUnderItsOwnSsrcs() throws Exception {
        Publisher publisher = publish("s1", true, true);
        assertThat(publisher.events.candidates).containsExactly(
                "0/0/candidate:1 1 udp " + (126L << 24 | 65535L << 8 | 255) + " 127.0.0.1 " + fixture.mux.localAddress().getPort() + " typ host",
                "1/1/candidate:1 1 udp " + (126L << 24 | 65535L << 8 | 255) + " 127.0.0.1 " + fixture.mux.localAddress().getPort() + " typ host");
        SessionDescription answer = SdpParser.parse(publisher.events.sdp);
        // one codec per track, plus rtx for video
        assertThat(answer.media().get(0).formats()).containsExactly(Integer.toString(OPUS));
        assertThat(answer.media().get(1).formats()).containsExactly(Integer.toString(VP8), Integer.toString(ClientPeers.VP8_RTX));
        assertThat(service.isLive("s1")).isTrue();

        Viewer viewer = play("s1");
        assertThat(viewer.events.idMapping).isEqualTo(Map.of("0", "ARDAMSas1", "1", "ARDAMSvs1"));
        // the data channel section (on by default) follows the tracks
        assertThat(viewer.offer.media()).extracting(MediaSection::type).containsExactly("audio", "video", "application");
        assertThat(viewer.offer.media().get(1).codecs().get(0).payloadType()).isEqualTo(VP8);
        await().atMost(WAIT).until(() -> viewer.events.started.get() == 1);
        await().atMost(WAIT).until(() -> viewer.media.count(viewer.ssrc("video"), VP8) > 20
                && viewer.media.count(viewer.ssrc("audio"), OPUS) > 20);
        assertThat(service.viewerCount("s1")).isEqualTo(1);
        await().atMost(WAIT).until(() -> viewer.events.bitrateReports.get() > 0);
        StreamInfo info = service.streamInfo("s1").orElseThrow();
        assertThat(info.width()).isEqualTo(640);
        assertThat(info.height()).isEqualTo(480);
        assertThat(info.videoCodec()).isEqualTo("VP8");

        publisher.session.close();
        await().atMost(WAIT).until(() -> viewer.events.ended.equals(List.of(EndReason.PUBLISHER_ENDED)));
        assertThat(publisher.events.ended).isEmpty(); // closed by the caller: no callback
        await().atMost(WAIT).until(() -> service.sessionCount() == 0 && fixture.mux.peerCount() == 0);
        assertThat(service.isLive("s1")).isFalse();
    }

    @Test
    void anAudioOnlyPublisherIsOfferedAsAudioOnly() throws Exception {
        publish("audio", true, false);
        Viewer viewer = play("audio");
        assertThat(viewer.offer.media()).extracting(MediaSection::type).containsExactly("audio", "application");
        assertThat(viewer.events.idMapping).isEqualTo(Map.of("0", "ARDAMSaaudio"));
        await().atMost(WAIT).until(() -> viewer.media.count(viewer.ssrc("audio"), OPUS) > 20);
    }

    @Test
    void theVideoFlagRefusesAVideoTrackTheClientDidNotAnnounce() throws Exception {
        LocalTransport local = ClientPeers.clientLocal();
        RecordingSessionListener events = new RecordingSessionListener();
        service.publish("flags", ClientPeers.publisherOffer(local, true, true), false, true, events).close();
        SessionDescription answer = SdpParser.parse(events.sdp);
        assertThat(answer.media().get(0).port()).isNotZero();
        assertThat(answer.media().get(1).port()).isZero();
    }

    @Test
    void anOfferWithoutAcceptableCodecIsRefusedAndLeavesNothingOpen() {
        LocalTransport local = ClientPeers.clientLocal();
        String offer = ClientPeers.publisherOffer(local, true, true)
                .replace("opus/48000/2", "PCMU/8000").replace("VP8/90000", "H263/90000");
        RecordingSessionListener events = new RecordingSessionListener();
        assertThatThrownBy(() -> service.publish("bad", offer, true, true, events))
                .isInstanceOf(MediaException.class)
                .hasMessageContaining("no acceptable codec (offered: PCMU/8000)")
                .hasMessageContaining("H263/90000")
                .extracting(e -> ((MediaException) e).kind()).isEqualTo(MediaException.Kind.UNACCEPTABLE_OFFER);
        assertThatThrownBy(() -> service.publish("bad", "v=0\r\nnonsense", true, true, events))
                .isInstanceOf(MediaException.class);
        assertThatThrownBy(() -> service.publish("bad", null, true, true, events)).isInstanceOf(MediaException.class);
        assertThat(events.type).isNull();
        assertThat(service.sessionCount()).isZero();
        assertThat(service.publisherCount()).isZero();
        assertThat(fixture.mux.peerCount()).isZero();
    }

    @Test
    void playingAStreamThatIsNotLiveIsRefused() throws Exception {
        RecordingSessionListener events = new RecordingSessionListener();
        assertThatThrownBy(() -> service.play("nothing", events))
                .isInstanceOf(MediaException.class)
                .extracting(e -> ((MediaException) e).kind()).isEqualTo(MediaException.Kind.NO_STREAM);
        // a publisher that has not sent media yet is not live either
        service.publish("later", ClientPeers.publisherOffer(ClientPeers.clientLocal(), true, true), true, true,
                new RecordingSessionListener());
        assertThatThrownBy(() -> service.play("later", events)).isInstanceOf(MediaException.class);
        assertThat(fixture.mux.peerCount()).isEqualTo(1);
    }

    @Test
    void aPublisherThatSendsNoMediaEndsAfterTheTimeout() throws Exception {
        RecordingSessionListener events = new RecordingSessionListener();
        service.publish("silent", ClientPeers.publisherOffer(ClientPeers.clientLocal(), true, true), true, true, events);
        await().atMost(WAIT).until(() -> events.ended.equals(List.of(EndReason.NO_MEDIA_TIMEOUT)));
        await().atMost(WAIT).until(() -> service.sessionCount() == 0 && fixture.mux.peerCount() == 0);
    }

    @Test
    void aPublisherWhoseMediaStopsEndsAfterTheTimeoutAndSoDoItsViewers() throws Exception {
        Publisher publisher = publish("stops", true, true);
        Viewer viewer = play("stops");
        await().atMost(WAIT).until(() -> viewer.events.started.get() == 1);
        fixture.stopPumps();
        await().atMost(WAIT).until(() -> !publisher.session.receivingMedia());
        await().atMost(WAIT).until(() -> publisher.events.ended.equals(List.of(EndReason.NO_MEDIA_TIMEOUT)));
        await().atMost(WAIT).until(() -> viewer.events.ended.equals(List.of(EndReason.PUBLISHER_ENDED)));
    }

    @Test
    void aViewerThatNeverAnswersIsCleanedUpAfterTheTimeout() throws Exception {
        publish("s2", true, true);
        RecordingSessionListener events = new RecordingSessionListener();
        MediaSession viewer = service.play("s2", events);
        assertThat(service.sessionCount()).isEqualTo(2);
        await().atMost(WAIT).until(() -> events.ended.equals(List.of(EndReason.NOT_CONNECTED_TIMEOUT)));
        await().atMost(WAIT).until(() -> service.sessionCount() == 1 && fixture.mux.peerCount() == 1);
        assertThat(viewer.receivingMedia()).isFalse();
    }

    @Test
    void aBadAnswerEndsTheViewer() throws Exception {
        publish("s3", true, true);
        RecordingSessionListener events = new RecordingSessionListener();
        MediaSession viewer = service.play("s3", events);
        viewer.remoteCandidate(0, "0", "candidate:garbage");
        viewer.remoteCandidate(null, null, "");
        viewer.remoteDescription("answer", "v=0\r\nthis is no SDP");
        await().atMost(WAIT).until(() -> events.ended.equals(List.of(EndReason.BAD_ANSWER)));
        await().atMost(WAIT).until(() -> service.sessionCount() == 1 && fixture.mux.peerCount() == 1);
    }

    @Test
    void garbageFromPeersIsDroppedAndCountedWhileOtherViewersKeepReceiving() throws Exception {
        Publisher publisher = publish("g", true, true);
        Viewer hostile = play("g");
        Viewer calm = play("g");
        await().atMost(WAIT).until(() -> hostile.media.connected && calm.media.connected);
        Random random = new Random(7);
        byte[] buf = new byte[300 + SrtpProfile.MAX_TRAILER];
        for (int i = 0; i < 500; i++) {
            random.nextBytes(buf);
            buf[0] = (byte) 0x80;
            buf[1] = (byte) (i % 2 == 0 ? 96 : 200 + random.nextInt(6)); // RTP with a wrong SSRC, or RTCP garbage
            int len = 4 + random.nextInt(290);
            publisher.client.sendRtp(buf, 0, len);
            random.nextBytes(buf);
            buf[0] = (byte) 0x81;
            buf[1] = (byte) (200 + random.nextInt(6));
            hostile.client.sendRtcp(buf, 0, 8 + random.nextInt(280));
        }
        // a known SSRC with an unknown payload type
        byte[] wrongType = ClientPeers.rtp(45, 1, 1, AUDIO_SSRC, new byte[] {1, 2});
        publisher.client.sendRtp(wrongType, 0, wrongType.length - SrtpProfile.MAX_TRAILER);
        await().atMost(WAIT).until(() -> service.droppedPublisherRtp() >= 200);
        long before = calm.media.count(calm.ssrc("video"), VP8);
        await().atMost(WAIT).until(() -> calm.media.count(calm.ssrc("video"), VP8) > before + 50);
        assertThat(service.sessionCount()).isEqualTo(3);
        assertThat(calm.events.ended).isEmpty();
        assertThat(hostile.events.ended).isEmpty();
    }

    @Test
    void aThousandPlayStopCyclesLeaveNoSessionTransportOrViewerBehind() throws Exception {
        publish("churn", true, true);
        for (int i = 0; i < 1000; i++) {
            service.play("churn", new RecordingSessionListener()).close();
        }
        // and some that connect (and subscribe) before they stop
        for (int i = 0; i < 20; i++) {
            Viewer viewer = play("churn");
            await().atMost(WAIT).until(() -> viewer.media.connected);
            await().atMost(WAIT).until(() -> service.viewerCount("churn") == 1);
            viewer.session.close();
            viewer.client.close();
        }
        await().atMost(WAIT).until(() -> service.sessionCount() == 1 && fixture.mux.peerCount() == 1
                && service.viewerCount("churn") == 0);
        assertThat(service.publisherCount()).isEqualTo(1);
    }

    @Test
    void legWrappersLosePacketsOnBothLegsAndTimeTheForwarding() throws Exception {
        service.close();
        LossyLegs lossy = new LossyLegs(0.2, 0.5);
        ForwardingLatencyProbe probe = new ForwardingLatencyProbe();
        service = MediaService.create(fixture.mux, MediaServiceConfig.defaults(List.of(LOOPBACK))
                .withLegs(LegWrappers.of(List.of(lossy, probe))));
        publish("drop", true, true);
        Viewer viewer = play("drop");
        await().atMost(WAIT).until(() -> lossy.viewerDrops() > 50 && lossy.publisherDrops() > 20);
        long received = viewer.media.packets.values().stream().mapToLong(java.util.concurrent.atomic.AtomicLong::get).sum();
        assertThat(received).isPositive();
        assertThat(probe.histogram().count()).isPositive();
    }

    /** Counts the packets of each SSRC a tap receives. */
    private static final class CountingTap implements Tap {
        final Map<Integer, java.util.concurrent.atomic.AtomicLong> packets = new java.util.concurrent.ConcurrentHashMap<>();
        volatile boolean closed;

        @Override
        public void onStart(SourceDescription source, TapControl control) {
        }

        @Override
        public void onSourceChanged(SourceDescription source) {
        }

        @Override
        public void onRtp(int track, RtpPacket packet, long arrivalNanos) {
            packets.computeIfAbsent(packet.ssrc(), k -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
        }

        @Override
        public void onSenderReport(int track, long ntpTimestamp, int rtpTimestamp, long arrivalNanos) {
        }

        @Override
        public void onGap(long lost) {
        }

        @Override
        public void onClose() {
            closed = true;
        }

        long count(long ssrc) {
            java.util.concurrent.atomic.AtomicLong n = packets.get((int) ssrc);
            return n == null ? 0 : n.get();
        }
    }

    @Test
    void aTapOnALiveStreamGetsThePublishersPacketsUntilTheStreamEnds() throws Exception {
        CountingTap tap = new CountingTap();
        assertThat(service.addTap("nobody", "count", tap)).isEmpty();
        Publisher publisher = publish("tapped", true, true);
        TapHandle handle = service.addTap("tapped", "count", tap).orElseThrow();
        await().atMost(WAIT).until(() -> tap.count(AUDIO_SSRC) > 20 && tap.count(ClientPeers.VIDEO_SSRC) > 20);
        publisher.session.close();
        assertThat(handle.awaitClosed(WAIT)).isTrue();
        assertThat(tap.closed).isTrue();
        assertThat(handle.packetsDropped()).isZero();
    }

    @Test
    void viewerSsrcsAreAnnouncedInTheOffer() throws Exception {
        publish("ssrc", true, true);
        Viewer viewer = play("ssrc");
        MediaSection video = viewer.offer.media().get(1);
        assertThat(video.ssrcGroups()).hasSize(1);
        assertThat(video.ssrcs()).extracting(SsrcAttribute::attribute).contains("cname", "msid");
    }
}
