package dev.osprey.media.service;

import static dev.osprey.media.service.ClientPeers.AUDIO_SSRC;
import static dev.osprey.media.service.ClientPeers.RTX_SSRC;
import static dev.osprey.media.service.ClientPeers.VIDEO_SSRC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.osprey.media.service.negotiation.CodecKey;
import dev.osprey.media.service.room.RoomPlaySession;
import dev.osprey.webrtc.sdp.ExtMap;
import dev.osprey.webrtc.sdp.Group;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.RtcpFeedback;
import dev.osprey.webrtc.sdp.RtpCodec;
import dev.osprey.webrtc.sdp.SdpParser;
import dev.osprey.webrtc.sdp.SdpWriter;
import dev.osprey.webrtc.sdp.SessionDescription;
import dev.osprey.webrtc.sdp.SsrcGroup;
import dev.osprey.webrtc.sdp.negotiation.CodecCapability;
import dev.osprey.webrtc.sdp.negotiation.HeaderExtensions;
import dev.osprey.webrtc.sdp.negotiation.LocalCapabilities;
import dev.osprey.webrtc.sdp.negotiation.OfferBuilder;
import dev.osprey.webrtc.sdp.negotiation.SendTrack;
import dev.osprey.webrtc.srtp.SrtpProfile;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.PeerTransport;
import dev.osprey.webrtc.transport.TransportSdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Room plays whose participants number their codecs differently, with client-role peers: p1 publishes VP8
 * as 96 (rtx 97) like Chromium, p2 VP8 as 120 (rtx 124) and Opus as 109 like Firefox, p3 H.264 under 96
 * (rtx 97), the number p1 uses for VP8. One room viewer connection must name each codec with one number.
 */
class RoomPayloadTypeTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final List<RtcpFeedback> VIDEO_FEEDBACK = List.of(RtcpFeedback.GOOG_REMB, RtcpFeedback.TRANSPORT_CC,
            RtcpFeedback.CCM_FIR, RtcpFeedback.NACK, RtcpFeedback.NACK_PLI);
    private static final RtpCodec VP8_96 = RtpCodec.of(96, "VP8", 90000, null);
    private static final RtpCodec VP8_120 = RtpCodec.of(120, "VP8", 90000, null);
    private static final RtpCodec H264_96 = new RtpCodec(96, "H264", 90000, null, h264Parameters("42e01f", "1"),
            List.of());
    private static final byte[] H264_IDR = {0x65, (byte) 0x88, 1, 2, 3};
    private static final byte[] H264_NON_IDR = {0x41, (byte) 0x9a, 4, 5};

    private MediaServiceFixture fixture;
    private MediaService service;

    private static Map<String, String> h264Parameters(String profileLevelId, String mode) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("level-asymmetry-allowed", "1");
        p.put("packetization-mode", mode);
        p.put("profile-level-id", profileLevelId);
        return p;
    }

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
    void everyParticipantArrivesUnderTheNumberTheAnswerGaveItsCodecAndReOffersKeepTheNumbers() throws Exception {
        publish("p1", 111, VP8_96, 97, ClientPeers.VP8_KEY, ClientPeers.VP8_DELTA);
        publish("p2", 109, VP8_120, 124, ClientPeers.VP8_KEY, ClientPeers.VP8_DELTA);
        publish("p3", 111, H264_96, 97, H264_IDR, H264_NON_IDR);
        Viewer v = playRoom(List.of("p1", "p3"), LocalCapabilities.receiveDefaults().withDataChannels(false));

        SessionDescription first = SdpParser.parse(v.events.descriptions.get(0));
        assertOneCodecPerPayloadType(first);
        assertThat(codecs(first, "0")).containsExactly("111 opus/48000/2");
        assertThat(codecs(first, "1")).containsExactly("96 VP8/90000", "97 rtx/90000 apt=96");
        assertThat(codecs(first, "3")).containsExactly(
                "98 H264/90000 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
                "99 rtx/90000 apt=98");

        // p2 joins: the re-offer keeps every number and gives p2's VP8 and Opus the connection's ones.
        v.session.participants(List.of("p1", "p3", "p2"));
        await().atMost(WAIT).until(() -> v.events.descriptions.size() == 2);
        SessionDescription second = SdpParser.parse(v.events.descriptions.get(1));
        assertOneCodecPerPayloadType(second);
        for (String mid : List.of("0", "1", "2", "3")) {
            assertThat(codecs(second, mid)).isEqualTo(codecs(first, mid));
        }
        assertThat(codecs(second, "4")).containsExactly("111 opus/48000/2");
        assertThat(codecs(second, "5")).containsExactly("96 VP8/90000", "97 rtx/90000 apt=96");
        // The answer decides: this viewer numbers VP8 45 (rtx 46) in p2's section.
        v.answer(answer -> renumber(answer, "5", 96, 45, 97, 46));

        long p1Video = mediaSsrc(second, "1");
        long p2Video = mediaSsrc(second, "5");
        long p3Video = mediaSsrc(second, "3");
        Map<Long, Integer> expected = Map.of(mediaSsrc(second, "0"), 111, p1Video, 96,
                mediaSsrc(second, "2"), 111, p3Video, 98, mediaSsrc(second, "4"), 111, p2Video, 45);
        await().atMost(WAIT).until(() -> expected.entrySet().stream()
                .allMatch(e -> v.media.count(e.getKey(), e.getValue()) > 3));
        for (Map.Entry<Long, Integer> e : expected.entrySet()) {
            assertThat(payloadTypesOf(v.media, e.getKey())).as("ssrc %d", e.getKey()).containsExactly(e.getValue());
        }
    }

    @Test
    void aSectionTheViewerRejectsIsNotForwardedAndStaysRejected() throws Exception {
        publish("p1", 111, VP8_96, 97, ClientPeers.VP8_KEY, ClientPeers.VP8_DELTA);
        publish("p3", 111, H264_96, 97, H264_IDR, H264_NON_IDR);
        // A viewer that decodes VP8 but not H.264: its answer rejects p3's video section (port 0).
        Viewer v = playRoom(List.of("p1", "p3"), LocalCapabilities.receiveDefaults().withDataChannels(false)
                .withVideoCodecs(List.of(CodecCapability.vp8())));
        SessionDescription offer = SdpParser.parse(v.events.descriptions.get(0));
        assertThat(SdpParser.parse(v.answers.get(0)).media().get(3).isRejected()).isTrue();
        long p3Audio = mediaSsrc(offer, "2");
        long p3Video = mediaSsrc(offer, "3");

        await().atMost(WAIT).until(() -> v.media.count(mediaSsrc(offer, "1"), 96) > 3 && v.media.count(p3Audio, 111) > 3);
        Thread.sleep(400); // p3 sends a keyframe every 300 ms: it had its chance
        assertThat(payloadTypesOf(v.media, p3Video)).isEmpty();

        // p1 leaves: the re-offer keeps p3's video section rejected, outside the BUNDLE group.
        v.session.participants(List.of("p3"));
        await().atMost(WAIT).until(() -> v.events.descriptions.size() == 2);
        SessionDescription second = SdpParser.parse(v.events.descriptions.get(1));
        MediaSection video = second.media().get(3);
        assertThat(video.mid()).isEqualTo("3");
        assertThat(video.port()).isZero();
        assertThat(video.direction()).isEqualTo(dev.osprey.webrtc.sdp.Direction.INACTIVE);
        assertThat(video.ssrcs()).isEmpty();
        assertThat(bundle(second)).containsExactly("0", "1", "2", "data");
        assertThat(second.media().get(2).direction()).isEqualTo(dev.osprey.webrtc.sdp.Direction.SENDONLY);
        v.answer(UnaryOperator.identity());
        long before = v.media.count(p3Audio, 111);
        await().atMost(WAIT).until(() -> v.media.count(p3Audio, 111) > before + 3);
        assertThat(payloadTypesOf(v.media, p3Video)).isEmpty();
    }

    // ---- peers

    private void publish(String streamId, int opusPt, RtpCodec video, int rtxPt, byte[] key, byte[] delta)
            throws Exception {
        LocalTransport local = ClientPeers.clientLocal();
        OfferBuilder b = new OfferBuilder(TransportSdp.parameters(local, false), "9", 1);
        List<ExtMap> ext = List.of(ExtMap.of(2, HeaderExtensions.ABS_SEND_TIME), ExtMap.of(3, HeaderExtensions.TRANSPORT_CC));
        b.addTrack(new SendTrack(MediaSection.AUDIO, "0", new RtpCodec(opusPt, "opus", 48000, 2,
                Map.of("minptime", "10", "useinbandfec", "1"), List.of(RtcpFeedback.TRANSPORT_CC)), null,
                Integer.toUnsignedLong(AUDIO_SSRC), null, "s", "a", "cname", ext));
        b.addTrack(new SendTrack(MediaSection.VIDEO, "1", video.withFeedback(VIDEO_FEEDBACK), rtxPt,
                Integer.toUnsignedLong(VIDEO_SSRC), Integer.toUnsignedLong(RTX_SSRC), "s", "v", "cname", ext));
        RecordingSessionListener events = new RecordingSessionListener();
        service.publish(streamId, SdpWriter.write(b.build()), true, true, events);
        PeerTransport client = fixture.connect(local, TransportSdp.remoteFromAnswer(events.sdp),
                new ClientPeers.Counting());
        int[] frame = {0};
        fixture.every10ms(() -> {
            if (client.state() != PeerTransport.State.CONNECTED) {
                return;
            }
            int n = frame[0]++;
            byte[] v = ClientPeers.rtp(video.payloadType(), n, n * 3000, VIDEO_SSRC, n % 30 == 0 ? key : delta);
            client.sendRtp(v, 0, v.length - SrtpProfile.MAX_TRAILER);
            byte[] a = ClientPeers.rtp(opusPt, n, n * 960, AUDIO_SSRC, new byte[] {1, 2, 3, 4});
            client.sendRtp(a, 0, a.length - SrtpProfile.MAX_TRAILER);
        });
        await().atMost(WAIT).until(() -> events.started.get() == 1 && service.isLive(streamId));
    }

    private final class Viewer {
        final RoomPlaySession session;
        final RecordingSessionListener events;
        final LocalTransport local = ClientPeers.clientLocal();
        final LocalCapabilities caps;
        final ClientPeers.Counting media = new ClientPeers.Counting();
        final List<String> answers = new ArrayList<>();

        Viewer(RoomPlaySession session, RecordingSessionListener events, LocalCapabilities caps) {
            this.session = session;
            this.events = events;
            this.caps = caps;
        }

        /** Answers the latest offer, as the SDK does, after {@code edit}. */
        TransportSdp.Answer answer(UnaryOperator<String> edit) throws Exception {
            TransportSdp.Answer answer = TransportSdp.answer(events.sdp, caps, local, "42");
            String sdp = edit.apply(answer.sdp());
            answers.add(sdp);
            session.remoteDescription("answer", sdp);
            return answer;
        }
    }

    private Viewer playRoom(List<String> participants, LocalCapabilities caps) throws Exception {
        RecordingSessionListener events = new RecordingSessionListener();
        Viewer v = new Viewer(service.playRoom("room1", participants, -1, events), events, caps);
        await().atMost(WAIT).until(() -> events.descriptions.size() == 1);
        TransportSdp.Answer answer = v.answer(UnaryOperator.identity());
        fixture.connect(v.local, answer.remote(), v.media);
        await().atMost(WAIT).until(() -> events.started.get() == 1);
        return v;
    }

    // ---- SDP helpers

    /** RFC 9143 §7.5: within the BUNDLE group a payload type names one codec (rtx: one codec it repairs). */
    private static void assertOneCodecPerPayloadType(SessionDescription offer) {
        Map<Integer, String> named = new HashMap<>();
        Set<String> bundled = Set.copyOf(bundle(offer));
        for (MediaSection m : offer.media()) {
            if (!bundled.contains(m.mid()) || !m.isRtp()) {
                continue;
            }
            for (RtpCodec c : m.codecs()) {
                String meaning;
                if (c.isRtx()) {
                    RtpCodec repaired = m.codec(c.associatedPayloadType());
                    assertThat(repaired).as("rtx %d of mid %s repairs a codec of its section", c.payloadType(), m.mid())
                            .isNotNull();
                    meaning = "rtx of " + CodecKey.of(repaired);
                } else {
                    meaning = CodecKey.of(c) + " " + c.fmtpValue();
                }
                String before = named.putIfAbsent(c.payloadType(), meaning);
                assertThat(before == null ? meaning : before).as("payload type %d", c.payloadType()).isEqualTo(meaning);
            }
        }
    }

    private static List<String> bundle(SessionDescription sdp) {
        return sdp.groups().stream().filter(g -> Group.BUNDLE.equals(g.semantics())).findFirst().orElseThrow().mids();
    }

    private static MediaSection section(SessionDescription sdp, String mid) {
        return sdp.media().stream().filter(m -> mid.equals(m.mid())).findFirst().orElseThrow();
    }

    private static List<String> codecs(SessionDescription sdp, String mid) {
        return section(sdp, mid).codecs().stream().map(RtpCodec::toString).toList();
    }

    private static long mediaSsrc(SessionDescription sdp, String mid) {
        MediaSection m = section(sdp, mid);
        for (SsrcGroup g : m.ssrcGroups()) {
            if (SsrcGroup.FID.equals(g.semantics())) {
                return g.ssrcs().get(0);
            }
        }
        return m.ssrcIds().get(0);
    }

    private static Set<Integer> payloadTypesOf(ClientPeers.Counting media, long ssrc) {
        Set<Integer> types = new TreeSet<>();
        media.packets.forEach((key, n) -> {
            String[] parts = key.split("/");
            if (Long.parseLong(parts[0]) == ssrc && n.get() > 0) {
                types.add(Integer.parseInt(parts[1]));
            }
        });
        return types;
    }

    /** The answer with section {@code mid}'s codec and rtx renumbered (apt follows). */
    private static String renumber(String answerSdp, String mid, int pt, int newPt, int rtxPt, int newRtxPt) {
        SessionDescription answer = SdpParser.parse(answerSdp);
        MediaSection m = section(answer, mid);
        List<RtpCodec> codecs = new ArrayList<>(m.codecs());
        m.codecs().clear();
        m.formats().clear();
        for (RtpCodec c : codecs) {
            if (c.payloadType() == pt) {
                m.addCodec(new RtpCodec(newPt, c.name(), c.clockRate(), c.channels(), c.parameters(), c.feedback()));
            } else if (c.payloadType() == rtxPt) {
                m.addCodec(RtpCodec.rtx(newRtxPt, c.clockRate(), newPt));
            } else {
                m.addCodec(c);
            }
        }
        return SdpWriter.write(answer);
    }
}
