package dev.osprey.webrtc.sdp.negotiation;

import dev.osprey.webrtc.sdp.Direction;
import dev.osprey.webrtc.sdp.ExtMap;
import dev.osprey.webrtc.sdp.Fingerprint;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.Rid;
import dev.osprey.webrtc.sdp.RtcpFeedback;
import dev.osprey.webrtc.sdp.RtpCodec;
import dev.osprey.webrtc.sdp.SdpCandidate;
import dev.osprey.webrtc.sdp.SdpParser;
import dev.osprey.webrtc.sdp.SdpResources;
import dev.osprey.webrtc.sdp.SdpWriter;
import dev.osprey.webrtc.sdp.SessionDescription;
import dev.osprey.webrtc.sdp.Setup;
import dev.osprey.webrtc.sdp.Simulcast;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SdpAnswererTest {

    static final TransportParameters LOCAL = new TransportParameters("srvU", "serverpasswordserverpw",
            Fingerprint.of("sha-256", new byte[32]),
            List.of(SdpCandidate.host("1", 2130706431L, "127.0.0.1", 50000)), true);
    private static final LocalCapabilities CAPS = LocalCapabilities.receiveDefaults();
    private static final String HEADER = "v=0\r\no=- 5 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n";
    private static final String TRANSPORT = "a=ice-ufrag:abcd\r\na=ice-pwd:0123456789abcdef012345\r\n"
            + "a=fingerprint:sha-256 AA:BB\r\na=setup:actpass\r\n";

    @Test
    void answerToChromiumOfferIsExact() {
        NegotiationResult.Answered r = answered(SdpResources.load(SdpResources.CHROMIUM));
        assertThat(SdpWriter.write(r.answer())).isEqualTo(SdpResources.load("chromium-answer.sdp"));
    }

    @Test
    void answerToChromiumOfferAcceptsPreferredCodecsAndRejectsRedAndFec() {
        NegotiationResult.Answered r = answered(SdpResources.load(SdpResources.CHROMIUM));
        SessionDescription a = r.answer();
        assertThat(r.localSetup()).isEqualTo(Setup.PASSIVE);
        assertThat(a.iceLite()).isTrue();
        assertThat(a.bundleGroup().mids()).containsExactly("0", "1", "2");
        assertThat(a.media()).extracting(MediaSection::mid).containsExactly("0", "1", "2");
        MediaSection audio = a.media().get(0);
        assertThat(audio.formats()).containsExactly("111");
        assertThat(audio.direction()).isEqualTo(Direction.RECVONLY);
        MediaSection video = a.media().get(1);
        // VP8, VP9 p0, VP9 p2, H264 42001f/42e01f with packetization-mode=1, AV1; each followed by its rtx
        assertThat(video.formats()).containsExactly("96", "97", "98", "99", "100", "101", "102", "103", "108", "109",
                "45", "46");
        assertThat(video.formats()).doesNotContain("118", "119", "120", "104", "114", "116", "39");
        assertThat(video.codec(97).associatedPayloadType()).isEqualTo(96);
        assertThat(video.codec(96).feedback()).containsExactly(RtcpFeedback.GOOG_REMB, RtcpFeedback.TRANSPORT_CC,
                RtcpFeedback.CCM_FIR, RtcpFeedback.NACK, RtcpFeedback.NACK_PLI);
        assertThat(video.extMaps()).extracting(ExtMap::id).containsExactly(2, 3, 4, 10, 11);
        assertThat(video.rtcpMux()).isTrue();
        assertThat(video.direction()).isEqualTo(Direction.RECVONLY);
        MediaSection data = a.media().get(2);
        assertThat(data.sctpPort()).isEqualTo(5000);
        assertThat(data.maxMessageSize()).isEqualTo(262144L);
        assertThat(r.remote().iceUfrag()).isEqualTo("1EE7");
        assertThat(r.remote().icePwd()).isEqualTo("fiRHdBUfa2q282SjBHy6BSg2");
        assertThat(r.remote().fingerprints().get(0).hex()).startsWith("A5:5C:02");
        assertThat(r.remote().setup()).isEqualTo(Setup.ACTPASS);
        assertThat(r.media()).allMatch(MediaOutcome::accepted);
        assertThat(SdpParser.parse(SdpWriter.write(a))).isEqualTo(a);
    }

    @Test
    void answerToFirefoxOffer() {
        NegotiationResult.Answered r = answered(SdpResources.load(SdpResources.FIREFOX));
        SessionDescription a = r.answer();
        assertThat(a.bundleGroup().mids()).containsExactly("0", "1", "2");
        assertThat(a.extmapAllowMixed()).isFalse();
        MediaSection audio = a.media().get(0);
        assertThat(audio.codecs()).containsExactly(new RtpCodec(109, "opus", 48000, 2,
                Map.of("maxplaybackrate", "48000", "stereo", "1", "useinbandfec", "1"), List.of()));
        assertThat(audio.extMaps()).extracting(ExtMap::id).containsExactly(1, 3);
        MediaSection video = a.media().get(1);
        // VP9 without profile-id is profile 0; H264 97 has packetization-mode 0 and is refused
        assertThat(video.formats()).containsExactly("120", "124", "121", "125", "126", "127");
        assertThat(video.extMaps()).extracting(ExtMap::id).containsExactly(3, 4, 7);
        assertThat(r.media().get(1).codecs()).extracting(RtpCodec::name)
                .containsExactly("VP8", "rtx", "VP9", "rtx", "H264", "rtx");
        assertThat(a.media().get(2).sctpPort()).isEqualTo(5000);
        assertThat(r.remote().fingerprints().get(0).hex()).startsWith("3B:9F");
        assertThat(r.remote().iceUfrag()).isEqualTo("7a4e9c21");
        assertThat(r.remote().candidates()).hasSize(2);
    }

    @Test
    void answerToGStreamerOfferAcceptsBundleOnlyAndRtcpMuxOnly() {
        NegotiationResult.Answered r = answered(SdpResources.load(SdpResources.GSTREAMER));
        SessionDescription a = r.answer();
        assertThat(a.bundleGroup().mids()).containsExactly("video0", "audio1", "application2");
        assertThat(a.media()).extracting(MediaSection::port).containsExactly(50000, 50000, 50000);
        assertThat(a.media()).noneMatch(MediaSection::bundleOnly).noneMatch(MediaSection::rtcpMuxOnly);
        MediaSection video = a.media().get(0);
        assertThat(video.formats()).containsExactly("96", "97");
        assertThat(video.codec(96).parameter("profile-level-id")).isEqualTo("42c01f");
        assertThat(video.direction()).isEqualTo(Direction.RECVONLY);
        assertThat(video.rtcpMux()).isTrue();
        MediaSection audio = a.media().get(1);
        assertThat(audio.codec(111).name()).isEqualTo("OPUS");
        // sprop-* describe the offerer's stream and are not echoed
        assertThat(audio.codec(111).parameters()).isEmpty();
        assertThat(a.media().get(2).mid()).isEqualTo("application2");
    }

    @Test
    void dataChannelsDisabledRejectsApplicationSection() {
        NegotiationResult.Answered r = (NegotiationResult.Answered) SdpAnswerer.answer(
                SdpParser.parse(SdpResources.load(SdpResources.CHROMIUM)), CAPS.withDataChannels(false), LOCAL, "1");
        MediaSection data = r.answer().media().get(2);
        assertThat(data.port()).isZero();
        assertThat(data.mid()).isEqualTo("2");
        assertThat(data.formats()).containsExactly("webrtc-datachannel");
        assertThat(r.media().get(2).reason()).isEqualTo("data channels are disabled");
        assertThat(r.answer().bundleGroup().mids()).containsExactly("0", "1");
    }

    @Test
    void offerWithNoAcceptableCodecFails() {
        String offer = HEADER + "a=group:BUNDLE 0\r\n" + "m=video 9 UDP/TLS/RTP/SAVPF 34 96\r\n" + TRANSPORT
                + "a=mid:0\r\na=rtcp-mux\r\na=rtpmap:34 H263/90000\r\na=rtpmap:96 H264/90000\r\n"
                + "a=fmtp:96 packetization-mode=0;profile-level-id=42e01f\r\n";
        NegotiationResult r = SdpAnswerer.answer(SdpParser.parse(offer), CAPS, LOCAL, "1");
        assertThat(r).isInstanceOfSatisfying(NegotiationResult.Failed.class, f -> assertThat(f.reason()).isEqualTo(
                "no acceptable media section: m-line 0 (video, mid 0): no acceptable codec (offered: H263/90000, "
                        + "H264/90000)"));
        assertThat(r.media()).singleElement().satisfies(o -> assertThat(o.accepted()).isFalse());
    }

    @Test
    void sectionWithoutAcceptableCodecIsRejectedWhileOthersAreAccepted() {
        String offer = HEADER + "a=group:BUNDLE a v\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 0 8\r\n" + TRANSPORT + "a=mid:a\r\na=rtcp-mux\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\n" + TRANSPORT + "a=mid:v\r\na=rtcp-mux\r\na=rtpmap:96 VP8/90000\r\n";
        NegotiationResult.Answered r = (NegotiationResult.Answered) SdpAnswerer.answer(SdpParser.parse(offer), CAPS,
                LOCAL, "1");
        assertThat(r.answer().media().get(0).port()).isZero();
        assertThat(r.answer().media().get(0).formats()).containsExactly("0", "8");
        assertThat(r.media().get(0).reason()).isEqualTo("no acceptable codec (offered: payload type 0, payload type 8)");
        assertThat(r.answer().bundleGroup().mids()).containsExactly("v");
    }

    @ParameterizedTest
    @CsvSource({
            "sendrecv, RECVONLY, recvonly",
            "sendonly, RECVONLY, recvonly",
            "recvonly, RECVONLY, inactive",
            "inactive, RECVONLY, inactive",
            "sendrecv, SENDRECV, sendrecv",
            "recvonly, SENDRECV, sendonly",
            "sendonly, SENDONLY, inactive",
    })
    void directionIsOfferReversedAndLimitedToLocalIntent(String offered, Direction local, String answered) {
        String offer = HEADER + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\n" + TRANSPORT + "a=mid:0\r\na=" + offered
                + "\r\na=rtcp-mux\r\na=rtpmap:96 VP8/90000\r\n";
        NegotiationResult.Answered r = (NegotiationResult.Answered) SdpAnswerer.answer(SdpParser.parse(offer),
                CAPS.withDirections(local, local), LOCAL, "1");
        assertThat(r.answer().media().get(0).direction().sdpName()).isEqualTo(answered);
    }

    @ParameterizedTest
    @CsvSource({"actpass, PASSIVE", "active, PASSIVE", "passive, ACTIVE"})
    void setupRole(String offered, Setup expected) {
        String offer = HEADER + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n" + TRANSPORT.replace("actpass", offered)
                + "a=mid:0\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n";
        NegotiationResult.Answered r = (NegotiationResult.Answered) SdpAnswerer.answer(SdpParser.parse(offer), CAPS,
                LOCAL, "1");
        assertThat(r.localSetup()).isEqualTo(expected);
        assertThat(r.answer().media().get(0).setup()).isEqualTo(expected);
    }

    @Test
    void simulcastRidsAreMirroredForReceiving() {
        String offer = HEADER + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\n" + TRANSPORT + "a=mid:0\r\na=sendonly\r\n"
                + "a=rtcp-mux\r\na=rtpmap:96 VP8/90000\r\na=rid:q send\r\na=rid:h send max-width=640\r\n"
                + "a=simulcast:send q;h\r\n";
        MediaSection v = ((NegotiationResult.Answered) SdpAnswerer.answer(SdpParser.parse(offer), CAPS, LOCAL, "1"))
                .answer().media().get(0);
        assertThat(v.rids()).containsExactly(new Rid("q", Direction.RECVONLY, null), new Rid("h", Direction.RECVONLY, null));
        assertThat(v.simulcast()).isEqualTo(new Simulcast(null, "q;h"));
    }

    @Test
    void transportProblemsRejectSections() {
        String noMid = HEADER + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n" + TRANSPORT + "a=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n";
        assertThat(failure(noMid)).endsWith("no a=mid");
        String noFingerprint = noMid.replace("a=fingerprint:sha-256 AA:BB\r\n", "") + "a=mid:0\r\n";
        assertThat(failure(noFingerprint)).endsWith("missing a=fingerprint (DTLS-SRTP is required)");
        String noIce = noMid.replace("a=ice-ufrag:abcd\r\n", "") + "a=mid:0\r\n";
        assertThat(failure(noIce)).endsWith("missing a=ice-ufrag or a=ice-pwd");
        String noMux = noMid.replace("a=rtcp-mux\r\n", "") + "a=mid:0\r\n";
        assertThat(failure(noMux)).endsWith("a=rtcp-mux is required");
        String portZero = noMid.replace("m=audio 9", "m=audio 0") + "a=mid:0\r\n";
        assertThat(failure(portZero)).endsWith("rejected by the offerer (port 0)");
        String plainRtp = noMid.replace("UDP/TLS/RTP/SAVPF", "RTP/AVP") + "a=mid:0\r\n";
        assertThat(failure(plainRtp)).endsWith("unsupported media 'audio' over RTP/AVP");
        assertThat(failure(HEADER)).isEqualTo("offer has no media sections");
    }

    @Test
    void withoutBundleOnlyTheFirstSectionIsAccepted() {
        String offer = HEADER
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n" + TRANSPORT + "a=mid:a\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\n" + TRANSPORT + "a=mid:v\r\na=rtcp-mux\r\na=rtpmap:96 VP8/90000\r\n";
        NegotiationResult.Answered r = (NegotiationResult.Answered) SdpAnswerer.answer(SdpParser.parse(offer), CAPS,
                LOCAL, "1");
        assertThat(r.answer().groups()).isEmpty();
        assertThat(r.media()).extracting(MediaOutcome::accepted).containsExactly(true, false);
        assertThat(r.media().get(1).reason()).isEqualTo("offer has no BUNDLE group and only one transport is supported");
    }

    @Test
    void headerExtensionListIsConfigurable() {
        LocalCapabilities onlyMid = CAPS.withHeaderExtensions(List.of(HeaderExtensions.SDES_MID));
        NegotiationResult.Answered r = (NegotiationResult.Answered) SdpAnswerer.answer(
                SdpParser.parse(SdpResources.load(SdpResources.CHROMIUM)), onlyMid, LOCAL, "1");
        assertThat(r.answer().media().get(1).extMaps()).containsExactly(ExtMap.of(4, HeaderExtensions.SDES_MID));
    }

    @Test
    void rtxCanBeTurnedOff() {
        NegotiationResult.Answered r = (NegotiationResult.Answered) SdpAnswerer.answer(
                SdpParser.parse(SdpResources.load(SdpResources.CHROMIUM)), CAPS.withRtx(false), LOCAL, "1");
        assertThat(r.answer().media().get(1).formats()).containsExactly("96", "98", "100", "102", "108", "45");
    }

    private static NegotiationResult.Answered answered(String offer) {
        NegotiationResult r = SdpAnswerer.answer(SdpParser.parse(offer), CAPS, LOCAL, "4242");
        assertThat(r).isInstanceOf(NegotiationResult.Answered.class);
        return (NegotiationResult.Answered) r;
    }

    private static String failure(String offer) {
        NegotiationResult r = SdpAnswerer.answer(SdpParser.parse(offer), CAPS, LOCAL, "1");
        assertThat(r).isInstanceOf(NegotiationResult.Failed.class);
        return ((NegotiationResult.Failed) r).reason();
    }
}
