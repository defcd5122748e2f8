package dev.osprey.media.service.negotiation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.osprey.media.ViewerTrackDescription;
import dev.osprey.media.service.MediaException;
import dev.osprey.webrtc.dtls.DtlsCertificate;
import dev.osprey.webrtc.ice.HostCandidates;
import dev.osprey.webrtc.ice.IceCredentials;
import dev.osprey.webrtc.sdp.Direction;
import dev.osprey.webrtc.sdp.ExtMap;
import dev.osprey.webrtc.sdp.Group;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.RtcpFeedback;
import dev.osprey.webrtc.sdp.RtpCodec;
import dev.osprey.webrtc.sdp.SdpParser;
import dev.osprey.webrtc.sdp.SessionDescription;
import dev.osprey.webrtc.sdp.Setup;
import dev.osprey.webrtc.sdp.SsrcGroup;
import dev.osprey.webrtc.sdp.negotiation.HeaderExtensions;
import dev.osprey.webrtc.transport.LocalTransport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The answer to a viewer's offer, with a Chromium WHEP player's recvonly offer. */
class ViewerOfferNegotiationTest {
    private static final LocalTransport LOCAL = new LocalTransport(IceCredentials.random(), DtlsCertificate.generate(),
            HostCandidates.forAddresses(List.of(InetAddress.getLoopbackAddress()), 40000));
    private static final String CHROMIUM = load("chromium-whep-offer.sdp");

    /** A Firefox-numbered publisher: Opus 109, VP8 120 with rtx 124. */
    private static final PublishedTrack OPUS = new PublishedTrack(MediaSection.AUDIO,
            new RtpCodec(109, "opus", 48000, 2, Map.of("minptime", "10", "useinbandfec", "1"), List.of()), null, "0", true);
    private static final PublishedTrack VP8 = new PublishedTrack(MediaSection.VIDEO,
            new RtpCodec(120, "VP8", 90000, null, Map.of("max-fs", "12288", "max-fr", "60"),
                    List.of(RtcpFeedback.NACK, RtcpFeedback.NACK_PLI)), RtpCodec.rtx(124, 90000, 120), "1", true);

    private static String load(String name) {
        try (InputStream in = ViewerOfferNegotiationTest.class.getResourceAsStream("/sdp/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PlayAnswer answer(List<PublishedTrack> tracks, String offer, boolean data) throws MediaException {
        return ViewerOfferNegotiation.negotiate("cam", tracks, offer, data, LOCAL, "7");
    }

    private static PublishedTrack h264(int payloadType, String profileLevelId) {
        return new PublishedTrack(MediaSection.VIDEO, new RtpCodec(payloadType, "H264", 90000, null,
                Map.of("packetization-mode", "1", "profile-level-id", profileLevelId, "level-asymmetry-allowed", "1"),
                List.of()), null, "1", true);
    }

    @Test
    void answersChromiumsRecvonlyOfferWithThePublishersTracksUnderTheViewersPayloadTypes() throws Exception {
        PlayAnswer result = answer(List.of(OPUS, VP8), CHROMIUM, true);
        SessionDescription answer = SdpParser.parse(result.sdp());

        assertThat(answer.iceLite()).isTrue();
        assertThat(answer.bundleGroup()).isEqualTo(new Group(Group.BUNDLE, List.of("0", "1")));
        MediaSection audio = answer.media().get(0);
        MediaSection video = answer.media().get(1);
        assertThat(audio.mid()).isEqualTo("0");
        assertThat(video.mid()).isEqualTo("1");
        assertThat(audio.formats()).containsExactly("111");
        assertThat(video.formats()).containsExactly("96", "97");
        assertThat(video.rtxFor(96).payloadType()).isEqualTo(97);
        for (MediaSection m : answer.media()) {
            assertThat(m.direction()).isEqualTo(Direction.SENDONLY);
            assertThat(m.setup()).isEqualTo(Setup.PASSIVE);
            assertThat(m.rtcpMux()).isTrue();
            assertThat(m.iceUfrag()).isEqualTo(LOCAL.ice().ufrag());
            assertThat(m.icePwd()).isEqualTo(LOCAL.ice().password());
            assertThat(m.fingerprints()).hasSize(1);
            assertThat(m.candidates()).hasSize(1);
            assertThat(m.port()).isEqualTo(40000);
        }
        // the viewer's extmap ids, and only the extensions the forwarding keeps (no mid, no transport-cc)
        assertThat(audio.extMaps()).extracting(ExtMap::id, ExtMap::uri).containsExactly(
                tuple(1, HeaderExtensions.SSRC_AUDIO_LEVEL),
                tuple(2, HeaderExtensions.ABS_SEND_TIME));
        assertThat(video.extMaps()).extracting(ExtMap::uri).containsExactly(HeaderExtensions.ABS_SEND_TIME);
        assertThat(result.headerExtensions()).isEqualTo(Map.of(HeaderExtensions.SSRC_AUDIO_LEVEL, 1,
                HeaderExtensions.ABS_SEND_TIME, 2));
        assertThat(video.codec(96).feedback()).containsExactly(RtcpFeedback.GOOG_REMB, RtcpFeedback.CCM_FIR,
                RtcpFeedback.NACK, RtcpFeedback.NACK_PLI);

        // the SSRCs announced are the ones the forwarding writes
        ViewerTrackDescription a = result.tracks().get(0);
        ViewerTrackDescription v = result.tracks().get(1);
        assertThat(a).isEqualTo(new ViewerTrackDescription(0, 111, a.ssrc(), 0, -1));
        assertThat(v).isEqualTo(new ViewerTrackDescription(1, 96, v.ssrc(), v.rtxSsrc(), 97));
        assertThat(audio.ssrcIds()).containsExactly(Integer.toUnsignedLong(a.ssrc()));
        assertThat(video.ssrcIds()).containsExactly(Integer.toUnsignedLong(v.ssrc()), Integer.toUnsignedLong(v.rtxSsrc()));
        assertThat(video.ssrcGroups()).containsExactly(new SsrcGroup(SsrcGroup.FID,
                List.of(Integer.toUnsignedLong(v.ssrc()), Integer.toUnsignedLong(v.rtxSsrc()))));
        assertThat(video.ssrcAttribute(Integer.toUnsignedLong(v.ssrc()), "msid")).isEqualTo("cam ARDAMSvcam");
        assertThat(audio.msids()).hasSize(1);
        assertThat(result.idMapping()).isEqualTo(Map.of("0", "ARDAMSacam", "1", "ARDAMSvcam"));
        assertThat(result.acceptedMids()).containsExactly("0", "1");
        assertThat(result.acceptsDataChannel()).isFalse();
        assertThat(result.remote().ice().ufrag()).isEqualTo("kZ3x");
    }

    @Test
    void anH264StreamGoesUnderTheViewersPayloadTypeWithTheSameProfileAndPacketizationMode() throws Exception {
        PlayAnswer result = answer(List.of(OPUS, h264(126, "42e01f")), CHROMIUM, false);
        MediaSection video = SdpParser.parse(result.sdp()).media().get(1);
        assertThat(video.formats()).containsExactly("109", "114");
        assertThat(video.codec(109).parameter("profile-level-id")).isEqualTo("42e01f");
        assertThat(result.tracks().get(1).payloadType()).isEqualTo(109);
        assertThat(result.tracks().get(1).rtxPayloadType()).isEqualTo(114);
    }

    @Test
    void anMLineOfAKindTheStreamLacksIsRejectedAndLeftOutOfTheBundle() throws Exception {
        PlayAnswer result = answer(List.of(OPUS), CHROMIUM, false);
        SessionDescription answer = SdpParser.parse(result.sdp());
        assertThat(answer.media().get(1).port()).isZero();
        assertThat(answer.media().get(1).mid()).isEqualTo("1");
        assertThat(answer.media().get(1).ssrcs()).isEmpty();
        assertThat(answer.bundleGroup().mids()).containsExactly("0");
        assertThat(result.tracks()).extracting(ViewerTrackDescription::track).containsExactly(0);
        assertThat(result.acceptedMids()).containsExactly("0", null);
    }

    @Test
    void aStoppedTrackIsNotAnswered() throws Exception {
        PlayAnswer result = answer(List.of(OPUS, new PublishedTrack(VP8.kind(), VP8.codec(), VP8.rtx(), "1", false)),
                CHROMIUM, false);
        assertThat(SdpParser.parse(result.sdp()).media().get(1).port()).isZero();
    }

    @Test
    void aSecondVideoMLineIsRejectedWhenTheStreamHasOneVideoTrack() throws Exception {
        String videoSection = CHROMIUM.substring(CHROMIUM.indexOf("m=video"));
        String twoVideos = CHROMIUM.replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 2")
                + videoSection.replace("a=mid:1", "a=mid:2");
        PlayAnswer result = answer(List.of(OPUS, VP8), twoVideos, false);
        SessionDescription answer = SdpParser.parse(result.sdp());
        assertThat(answer.media()).extracting(MediaSection::port).containsExactly(40000, 40000, 0);
        assertThat(answer.bundleGroup().mids()).containsExactly("0", "1");
        assertThat(result.tracks()).hasSize(2);
    }

    @Test
    void theViewersDataChannelMLineIsAcceptedWhenDataChannelsAreOn() throws Exception {
        String withData = CHROMIUM.replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 2") + """
                m=application 9 UDP/DTLS/SCTP webrtc-datachannel
                c=IN IP4 0.0.0.0
                a=ice-ufrag:kZ3x
                a=ice-pwd:Pv2m0lQvWz3bYk7yJ3OMyv1F
                a=fingerprint:sha-256 3E:1F:9B:6C:0D:62:E8:7A:45:90:11:C2:B7:4F:58:AA:DE:03:7C:19:64:F0:2B:8E:93:D1:55:6A:C4:08:BF:72
                a=setup:actpass
                a=mid:2
                a=sctp-port:5000
                a=max-message-size:100000
                """;
        PlayAnswer on = answer(List.of(OPUS, VP8), withData, true);
        assertThat(on.dataMaxMessageSize()).isEqualTo(100000);
        assertThat(SdpParser.parse(on.sdp()).bundleGroup().mids()).containsExactly("0", "1", "2");
        PlayAnswer off = answer(List.of(OPUS, VP8), withData, false);
        assertThat(off.acceptsDataChannel()).isFalse();
        assertThat(SdpParser.parse(off.sdp()).media().get(2).port()).isZero();
    }

    @Test
    void anOfferWithoutACommonCodecIsRefused() {
        String pcmuOnly = CHROMIUM.substring(0, CHROMIUM.indexOf("m=video"))
                .replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0")
                .replace("m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126", "m=audio 9 UDP/TLS/RTP/SAVPF 0 8")
                .replaceAll("a=(rtpmap|fmtp|rtcp-fb):(111|63|9|13|110|126) .*\\n", "");
        assertThatThrownBy(() -> answer(List.of(OPUS, VP8), pcmuOnly, true))
                .isInstanceOf(MediaException.class)
                .hasMessageContaining("PCMU/8000")
                .extracting(e -> ((MediaException) e).kind()).isEqualTo(MediaException.Kind.UNACCEPTABLE_OFFER);
        assertThatThrownBy(() -> answer(List.of(h264(126, "640c1f")), CHROMIUM, true))
                .isInstanceOf(MediaException.class);
    }

    @Test
    void hostileOffersAreRefused() {
        String noIce = CHROMIUM.replaceAll("a=ice-(ufrag|pwd):.*\\n", "");
        String dataOnly = """
                v=0
                o=- 1 2 IN IP4 127.0.0.1
                s=-
                t=0 0
                a=group:BUNDLE 0
                m=application 9 UDP/DTLS/SCTP webrtc-datachannel
                c=IN IP4 0.0.0.0
                a=ice-ufrag:kZ3x
                a=ice-pwd:Pv2m0lQvWz3bYk7yJ3OMyv1F
                a=fingerprint:sha-256 3E:1F:9B:6C:0D:62:E8:7A:45:90:11:C2:B7:4F:58:AA:DE:03:7C:19:64:F0:2B:8E:93:D1:55:6A:C4:08:BF:72
                a=setup:actpass
                a=mid:0
                a=sctp-port:5000
                """;
        String sendonly = CHROMIUM.replace("a=recvonly", "a=sendonly");
        String huge = CHROMIUM + "a=x:y\n".repeat(60_000); // beyond the parser's line and size limits
        for (String offer : List.of(noIce, dataOnly, sendonly, huge, "hello", "")) {
            assertThatThrownBy(() -> answer(List.of(OPUS, VP8), offer, true))
                    .isInstanceOf(MediaException.class)
                    .extracting(e -> ((MediaException) e).kind()).isEqualTo(MediaException.Kind.UNACCEPTABLE_OFFER);
        }
        assertThatThrownBy(() -> answer(List.of(OPUS, VP8), null, true)).isInstanceOf(MediaException.class);
    }

    @Test
    void oneExtensionUnderTwoIdsAcrossTheBundleIsRefused() {
        String conflicting = CHROMIUM.replace("a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\na=extmap:13",
                "a=extmap:9 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\na=extmap:13");
        assertThat(conflicting).isNotEqualTo(CHROMIUM);
        assertThatThrownBy(() -> answer(List.of(OPUS, VP8), conflicting, true))
                .isInstanceOf(MediaException.class).hasMessageContaining("two ids");
    }
}
