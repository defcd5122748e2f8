package dev.osprey.media.service;

import static dev.osprey.media.service.ClientPeers.AUDIO_SSRC;
import static dev.osprey.media.service.ClientPeers.OPUS;
import static dev.osprey.media.service.ClientPeers.VP8;
import static dev.osprey.media.service.ClientPeers.VP8_RTX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.osprey.webrtc.sdp.Direction;
import dev.osprey.webrtc.sdp.ExtMap;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.RtpCodec;
import dev.osprey.webrtc.sdp.SdpParser;
import dev.osprey.webrtc.sdp.SdpWriter;
import dev.osprey.webrtc.sdp.SessionDescription;
import dev.osprey.webrtc.sdp.negotiation.HeaderExtensions;
import dev.osprey.webrtc.sdp.negotiation.OfferBuilder;
import dev.osprey.webrtc.sdp.negotiation.SendTrack;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.PeerTransport;
import dev.osprey.webrtc.transport.TransportSdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A publisher's re-offers on its running connection, with client-role transports standing in for browsers. */
class PublisherRenegotiationTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final List<ExtMap> EXTENSIONS = List.of(ExtMap.of(2, HeaderExtensions.ABS_SEND_TIME),
            ExtMap.of(3, HeaderExtensions.TRANSPORT_CC));

    private MediaServiceFixture fixture;
    private MediaService service;

    @BeforeEach
    void start() throws Exception {
        fixture = MediaServiceFixture.start(c -> c.withStartTimeout(Duration.ofMillis(1500)));
        service = fixture.service;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** A connected publisher; its pump sends Opus and VP8 whatever was negotiated (unknown SSRCs are dropped). */
    private record Publisher(MediaSession session, RecordingSessionListener events, LocalTransport local) {
    }

    private Publisher publish(String streamId, boolean video) throws Exception {
        LocalTransport local = ClientPeers.clientLocal();
        RecordingSessionListener events = new RecordingSessionListener();
        MediaSession session = service.publish(streamId, ClientPeers.publisherOffer(local, true, video), true, true,
                events);
        PeerTransport client = fixture.connect(local, TransportSdp.remoteFromAnswer(events.sdp),
                new ClientPeers.Counting());
        fixture.pump(client);
        await().atMost(WAIT).until(() -> events.started.get() == 1);
        return new Publisher(session, events, local);
    }

    private record Viewer(RecordingSessionListener events, ClientPeers.Counting media, SessionDescription offer) {
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
        LocalTransport local = ClientPeers.clientLocal();
        TransportSdp.Answer answer = ClientPeers.viewerAnswer(events.sdp, local);
        session.remoteDescription("answer", answer.sdp());
        ClientPeers.Counting media = new ClientPeers.Counting();
        fixture.connect(local, answer.remote(), media);
        return new Viewer(events, media, SdpParser.parse(events.sdp));
    }

    private static SendTrack audio(String mid) {
        return new SendTrack(MediaSection.AUDIO, mid, new RtpCodec(OPUS, "opus", 48000, 2, Map.of(), List.of()), null,
                Integer.toUnsignedLong(AUDIO_SSRC), null, "s", "a", "cname", EXTENSIONS);
    }

    private static SendTrack video(String mid, RtpCodec codec) {
        return new SendTrack(MediaSection.VIDEO, mid, codec, null, Integer.toUnsignedLong(ClientPeers.VIDEO_SSRC),
                null, "s", "v", "cname", EXTENSIONS);
    }

    private static String offer(LocalTransport local, SendTrack... tracks) {
        OfferBuilder b = new OfferBuilder(TransportSdp.parameters(local, false), "9", 2);
        for (SendTrack t : tracks) {
            b.addTrack(t);
        }
        return SdpWriter.write(b.build());
    }

    @Test
    void anAudioOnlyPublisherAddsVideo_existingViewersKeepTheirAudio_newViewersGetBoth() throws Exception {
        Publisher publisher = publish("s1", false);
        Viewer early = play("s1");
        assertThat(early.offer.media()).extracting(MediaSection::type).containsExactly("audio", "application");
        long earlyAudio = early.ssrc("audio");
        await().atMost(WAIT).until(() -> early.media.count(earlyAudio, OPUS) > 20);

        publisher.session.remoteDescription("offer", ClientPeers.publisherOffer(publisher.local, true, true));

        assertThat(publisher.events.renegotiationFailures).isEmpty();
        assertThat(publisher.events.descriptions).hasSize(2);
        SessionDescription first = SdpParser.parse(publisher.events.descriptions.get(0));
        SessionDescription second = SdpParser.parse(publisher.events.descriptions.get(1));
        assertThat(second.media()).extracting(MediaSection::mid).containsExactly("0", "1");
        assertThat(second.media().get(0).formats()).containsExactly(Integer.toString(OPUS));
        assertThat(second.media().get(1).formats()).containsExactly(Integer.toString(VP8), Integer.toString(VP8_RTX));
        assertThat(second.media().get(1).direction()).isEqualTo(Direction.RECVONLY);
        // same transport: our ICE credentials and certificate do not change
        assertThat(second.iceUfragFor(second.media().get(1))).isEqualTo(first.iceUfragFor(first.media().get(0)));
        assertThat(second.icePwdFor(second.media().get(1))).isEqualTo(first.icePwdFor(first.media().get(0)));
        assertThat(second.fingerprintsFor(second.media().get(1))).isEqualTo(first.fingerprintsFor(first.media().get(0)));

        long before = early.media.count(earlyAudio, OPUS);
        await().atMost(WAIT).until(() -> early.media.count(earlyAudio, OPUS) > before + 50);
        Viewer late = play("s1");
        assertThat(late.events.idMapping).isEqualTo(Map.of("0", "ARDAMSas1", "1", "ARDAMSvs1"));
        assertThat(late.offer.media()).extracting(MediaSection::type).containsExactly("audio", "video", "application");
        await().atMost(WAIT).until(() -> late.media.count(late.ssrc("video"), VP8) > 20
                && late.media.count(late.ssrc("audio"), OPUS) > 20);
        // the early viewer was re-offered video but did not answer: it still gets only its audio
        assertThat(early.events.descriptions).hasSize(2);
        assertThat(early.media.packets.keySet()).containsExactly(Integer.toUnsignedString((int) earlyAudio) + "/" + OPUS);
        assertThat(early.events.ended).isEmpty();
        assertThat(publisher.events.ended).isEmpty();
        assertThat(service.viewerCount("s1")).isEqualTo(2);
    }

    @Test
    void anInactiveMLineRemovesItsTrackForNewViewers_andASendingOneBringsItBack() throws Exception {
        Publisher publisher = publish("s2", true);
        Viewer early = play("s2");
        await().atMost(WAIT).until(() -> early.media.count(early.ssrc("video"), VP8) > 10);

        publisher.session.remoteDescription("offer",
                ClientPeers.inactive(ClientPeers.publisherOffer(publisher.local, true, true), 1));
        SessionDescription answer = SdpParser.parse(publisher.events.sdp);
        assertThat(publisher.events.descriptions).hasSize(2);
        assertThat(answer.media().get(1).direction()).isEqualTo(Direction.INACTIVE);
        Viewer audioOnly = play("s2");
        assertThat(audioOnly.offer.media()).extracting(MediaSection::type).containsExactly("audio", "application");
        await().atMost(WAIT).until(() -> audioOnly.media.count(audioOnly.ssrc("audio"), OPUS) > 20);
        long audioBefore = early.media.count(early.ssrc("audio"), OPUS);
        await().atMost(WAIT).until(() -> early.media.count(early.ssrc("audio"), OPUS) > audioBefore + 30);

        publisher.session.remoteDescription("offer", ClientPeers.publisherOffer(publisher.local, true, true));
        assertThat(SdpParser.parse(publisher.events.sdp).media().get(1).direction()).isEqualTo(Direction.RECVONLY);
        Viewer again = play("s2");
        assertThat(again.offer.media()).extracting(MediaSection::type).containsExactly("audio", "video", "application");
        await().atMost(WAIT).until(() -> again.media.count(again.ssrc("video"), VP8) > 20);
        assertThat(publisher.events.renegotiationFailures).isEmpty();
    }

    @Test
    void badReOffersAreRefusedAndTheStreamFlowsOn() throws Exception {
        Publisher publisher = publish("s3", true);
        Viewer viewer = play("s3");
        long audio = viewer.ssrc("audio");
        long video = viewer.ssrc("video");
        await().atMost(WAIT).until(() -> viewer.media.count(video, VP8) > 10);
        String good = ClientPeers.publisherOffer(publisher.local, true, true);

        publisher.session.remoteDescription("offer", offer(publisher.local,
                video("0", RtpCodec.of(VP8, "VP8", 90000, null)), audio("1")));
        publisher.session.remoteDescription("offer", good.replaceAll("a=group:BUNDLE[^\r\n]*\r\n", ""));
        publisher.session.remoteDescription("offer", offer(publisher.local, audio("0"),
                video("1", RtpCodec.of(VP8, "VP8", 90000, null)), video("2", RtpCodec.of(100, "H265", 90000, null))));
        publisher.session.remoteDescription("offer", ClientPeers.publisherOffer(ClientPeers.clientLocal(), true, true));
        publisher.session.remoteDescription("offer", offer(publisher.local, audio("0"),
                video("1", RtpCodec.of(98, "VP9", 90000, null))));
        publisher.session.remoteDescription("offer", "v=0\r\nnonsense");
        publisher.session.remoteDescription("offer", offer(publisher.local, audio("0")));

        assertThat(publisher.events.renegotiationFailures).hasSize(7);
        List<String> f = publisher.events.renegotiationFailures;
        assertThat(f.get(0)).isEqualTo("renegotiation refused: mid 0 changed kind from audio to video");
        assertThat(f.get(1)).isEqualTo("renegotiation refused: the re-offer has no BUNDLE group");
        assertThat(f.get(2)).startsWith("renegotiation refused: no acceptable codec for the new video m-line (mid 2");
        assertThat(f.get(3)).isEqualTo("renegotiation refused: ICE restart is not supported (publish again instead)");
        assertThat(f.get(4)).isEqualTo("renegotiation refused: mid 1 no longer offers VP8/96");
        assertThat(f.get(5)).startsWith("renegotiation refused: unparseable offer: ");
        assertThat(f.get(6)).isEqualTo("renegotiation refused: the re-offer drops mid 1");
        assertThat(publisher.events.descriptions).hasSize(1); // no answer went out

        long audioBefore = viewer.media.count(audio, OPUS);
        long videoBefore = viewer.media.count(video, VP8);
        await().atMost(WAIT).until(() -> viewer.media.count(audio, OPUS) > audioBefore + 30
                && viewer.media.count(video, VP8) > videoBefore + 30);
        assertThat(viewer.events.ended).isEmpty();
        assertThat(publisher.events.ended).isEmpty();
        // and the unchanged session still renegotiates
        publisher.session.remoteDescription("offer", good);
        assertThat(publisher.events.descriptions).hasSize(2);
    }
}
