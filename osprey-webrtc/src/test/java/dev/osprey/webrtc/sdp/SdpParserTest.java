package dev.osprey.webrtc.sdp;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SdpParserTest {

    private static final String CHROMIUM = SdpResources.load(SdpResources.CHROMIUM);

    @Test
    void chromiumSessionLevel() {
        SessionDescription s = SdpParser.parse(CHROMIUM);
        assertThat(s.origin()).isEqualTo(new Origin("-", "1301046542156882735", 2, "IN", "IP4", "127.0.0.1"));
        assertThat(s.sessionName()).isEqualTo("-");
        assertThat(s.timing()).isEqualTo(Timing.UNBOUNDED);
        assertThat(s.bundleGroup()).isEqualTo(new Group("BUNDLE", List.of("0", "1", "2")));
        assertThat(s.extmapAllowMixed()).isTrue();
        assertThat(s.msidSemantic()).isEqualTo(new MsidSemantic("WMS", List.of("b437b25a-c0a5-4f4e-a0e5-5b425722c064")));
        assertThat(s.iceLite()).isFalse();
        assertThat(s.attributes()).isEmpty();
        assertThat(s.media()).extracting(MediaSection::type).containsExactly("audio", "video", "application");
    }

    @Test
    void chromiumAudioSection() {
        MediaSection a = SdpParser.parse(CHROMIUM).media().get(0);
        assertThat(a.port()).isEqualTo(9);
        assertThat(a.proto()).isEqualTo("UDP/TLS/RTP/SAVPF");
        assertThat(a.formats()).containsExactly("111", "63", "9", "0", "8", "13", "110", "126");
        assertThat(a.connection()).isEqualTo(Connection.ANY_IP4);
        assertThat(a.rtcp()).isEqualTo(new RtcpAttribute(9, Connection.ANY_IP4));
        assertThat(a.iceUfrag()).isEqualTo("1EE7");
        assertThat(a.icePwd()).isEqualTo("fiRHdBUfa2q282SjBHy6BSg2");
        assertThat(a.iceOptions()).containsExactly("trickle");
        assertThat(a.fingerprints()).hasSize(1);
        assertThat(a.fingerprints().get(0).algorithm()).isEqualTo("sha-256");
        assertThat(a.fingerprints().get(0).digest()).hasSize(32).startsWith((byte) 0xA5, (byte) 0x5C);
        assertThat(a.setup()).isEqualTo(Setup.ACTPASS);
        assertThat(a.mid()).isEqualTo("0");
        assertThat(a.extMaps()).containsExactly(
                ExtMap.of(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"),
                ExtMap.of(2, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"),
                ExtMap.of(3, "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"),
                ExtMap.of(4, "urn:ietf:params:rtp-hdrext:sdes:mid"));
        assertThat(a.direction()).isEqualTo(Direction.SENDRECV);
        assertThat(a.msids()).containsExactly(new Msid("b437b25a-c0a5-4f4e-a0e5-5b425722c064",
                "531b2559-221c-4b1f-af04-eb5944f69604"));
        assertThat(a.rtcpMux()).isTrue();
        assertThat(a.rtcpMuxOnly()).isFalse();
        assertThat(a.rtcpRsize()).isTrue();
        assertThat(a.attributes()).containsExactly(new Attribute("rtcp-xr", "rcvr-rtt=all"));
        RtpCodec opus = a.codec(111);
        assertThat(opus.name()).isEqualTo("opus");
        assertThat(opus.clockRate()).isEqualTo(48000);
        assertThat(opus.channels()).isEqualTo(2);
        assertThat(opus.parameters()).containsExactly(Map.entry("minptime", "10"), Map.entry("useinbandfec", "1"));
        assertThat(opus.feedback()).containsExactly(RtcpFeedback.TRANSPORT_CC);
        assertThat(a.codec(63).parameters()).containsOnlyKeys("111/111");
        assertThat(a.codec(0).rtpmapValue()).isEqualTo("PCMU/8000");
        assertThat(a.codec(0).channels()).isNull();
        assertThat(a.codecs()).extracting(RtpCodec::payloadType).containsExactly(111, 63, 9, 0, 8, 13, 110, 126);
        assertThat(a.ssrcs()).containsExactly(
                new SsrcAttribute(2476278858L, "cname", "MlFhjTHZ2dbrjF0E"),
                new SsrcAttribute(2476278858L, "msid",
                        "b437b25a-c0a5-4f4e-a0e5-5b425722c064 531b2559-221c-4b1f-af04-eb5944f69604"));
    }

    @Test
    void chromiumVideoSectionLinksRtxViaApt() {
        MediaSection v = SdpParser.parse(CHROMIUM).media().get(1);
        assertThat(v.codecs()).hasSize(23);
        assertThat(v.extMaps()).hasSize(11);
        assertThat(v.codec(96).feedback()).containsExactly(RtcpFeedback.GOOG_REMB, RtcpFeedback.TRANSPORT_CC,
                RtcpFeedback.CCM_FIR, RtcpFeedback.NACK, RtcpFeedback.NACK_PLI);
        assertThat(v.rtxFor(96).payloadType()).isEqualTo(97);
        assertThat(v.codec(97).associatedPayloadType()).isEqualTo(96);
        assertThat(v.rtxFor(118).payloadType()).isEqualTo(119);
        assertThat(v.rtxFor(120)).isNull();
        assertThat(v.codec(108).parameter("profile-level-id")).isEqualTo("42e01f");
        assertThat(v.codec(100).parameter("profile-id")).isEqualTo("2");
        assertThat(v.ssrcGroups()).containsExactly(new SsrcGroup("FID", List.of(2390639086L, 2386903252L)));
        assertThat(v.ssrcIds()).containsExactly(2390639086L, 2386903252L);
        assertThat(v.ssrcAttribute(2386903252L, "cname")).isEqualTo("MlFhjTHZ2dbrjF0E");
    }

    @Test
    void chromiumDataSection() {
        MediaSection d = SdpParser.parse(CHROMIUM).media().get(2);
        assertThat(d.proto()).isEqualTo("UDP/DTLS/SCTP");
        assertThat(d.formats()).containsExactly("webrtc-datachannel");
        assertThat(d.isRtp()).isFalse();
        assertThat(d.sctpPort()).isEqualTo(5000);
        assertThat(d.maxMessageSize()).isEqualTo(262144L);
        assertThat(d.codecs()).isEmpty();
        assertThat(d.direction()).isNull();
    }

    @Test
    void chromiumOfferWritesBackByteForByte() {
        assertThat(SdpWriter.write(SdpParser.parse(CHROMIUM))).isEqualTo(CHROMIUM);
    }

    @Test
    void lfLineEndingsParseLikeCrlf() {
        String lf = CHROMIUM.replace("\r\n", "\n");
        assertThat(SdpParser.parse(lf)).isEqualTo(SdpParser.parse(CHROMIUM));
        assertThat(SdpWriter.write(SdpParser.parse(lf))).isEqualTo(CHROMIUM);
    }

    @Test
    void bytesParseLikeText() {
        assertThat(SdpParser.parse(CHROMIUM.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(SdpParser.parse(CHROMIUM));
    }

    @Test
    void firefoxOfferParsesWithFmtpBeforeRtpmapAndTypedCandidates() {
        SessionDescription s = SdpParser.parse(SdpResources.load(SdpResources.FIREFOX));
        assertThat(s.fingerprints()).hasSize(1);
        assertThat(s.iceOptions()).containsExactly("trickle");
        assertThat(s.msidSemantic()).isEqualTo(new MsidSemantic("WMS", List.of("*")));
        MediaSection a = s.media().get(0);
        assertThat(a.fingerprints()).isEmpty();
        assertThat(s.fingerprintsFor(a)).isEqualTo(s.fingerprints());
        assertThat(a.candidates()).containsExactly(
                new SdpCandidate("0", 1, "UDP", 2122252543L, "192.0.2.2", 49731, "host", null, -1, List.of()),
                new SdpCandidate("1", 1, "TCP", 2105524479L, "192.0.2.2", 9, "host", null, -1,
                        List.of(new SdpCandidate.Extension("tcptype", "active"))));
        assertThat(a.endOfCandidates()).isTrue();
        assertThat(a.extMaps().get(1)).isEqualTo(new ExtMap(2, Direction.RECVONLY,
                "urn:ietf:params:rtp-hdrext:csrc-audio-level", null));
        assertThat(a.codec(109).parameters()).containsEntry("stereo", "1");
        assertThat(a.codec(109).rtpmapValue()).isEqualTo("opus/48000/2");
        assertThat(a.codec(101).parameters()).containsOnlyKeys("0-15");
        MediaSection v = s.media().get(1);
        assertThat(v.codecs()).extracting(RtpCodec::payloadType)
                .containsExactly(120, 124, 121, 125, 126, 127, 97, 98, 123, 122, 119);
        assertThat(v.rtxFor(126).payloadType()).isEqualTo(127);
        assertThat(v.codec(120).feedback()).hasSize(5);
        assertThat(s.media().get(2).maxMessageSize()).isEqualTo(1073741823L);
    }

    @Test
    void gstreamerOfferParsesBundleOnlySections() {
        SessionDescription s = SdpParser.parse(SdpResources.load(SdpResources.GSTREAMER));
        assertThat(s.bundleGroup().mids()).containsExactly("video0", "audio1", "application2");
        MediaSection audio = s.media().get(1);
        assertThat(audio.port()).isZero();
        assertThat(audio.bundleOnly()).isTrue();
        assertThat(audio.isRejected()).isFalse();
        assertThat(audio.rtcpMuxOnly()).isTrue();
        assertThat(audio.rtcpMux()).isFalse();
        assertThat(audio.codec(111).name()).isEqualTo("OPUS");
        assertThat(s.media().get(2).bundleOnly()).isTrue();
    }

    @Test
    void sampleOffersRoundTripSemantically() {
        for (String name : List.of(SdpResources.CHROMIUM, SdpResources.FIREFOX, SdpResources.GSTREAMER)) {
            SessionDescription first = SdpParser.parse(SdpResources.load(name));
            String written = SdpWriter.write(first);
            assertThat(written).endsWith("\r\n").doesNotContain("\n\n");
            assertThat(SdpParser.parse(written)).as(name).isEqualTo(first);
        }
    }

    @Test
    void rtpmapForUnlistedPayloadTypeIsKeptAsUnknownAttribute() {
        SessionDescription s = SdpParser.parse(minimal("m=video 9 UDP/TLS/RTP/SAVPF 96\r\n"
                + "a=rtpmap:96 VP8/90000\r\na=rtpmap:98 VP9/90000\r\na=rtcp-fb:98 nack\r\n"));
        MediaSection m = s.media().get(0);
        assertThat(m.codecs()).extracting(RtpCodec::payloadType).containsExactly(96);
        assertThat(m.attributes()).containsExactly(new Attribute("rtpmap", "98 VP9/90000"),
                new Attribute("rtcp-fb", "98 nack"));
        assertThat(SdpParser.parse(SdpWriter.write(s))).isEqualTo(s);
    }

    @Test
    void wildcardFeedbackAndUnknownLinesAreKept() {
        String sdp = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\ni=info\r\nb=AS:300\r\nt=0 0\r\na=tool:x\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nb=TIAS:100000\r\na=x-custom\r\na=rtcp-fb:* nack\r\n"
                + "a=rtpmap:96 VP8/90000\r\n";
        SessionDescription s = SdpParser.parse(sdp);
        assertThat(s.extraLines()).containsExactly(new SdpLine('i', "info"));
        assertThat(s.bandwidths()).containsExactly(new Bandwidth("AS", 300));
        assertThat(s.attributes()).containsExactly(new Attribute("tool", "x"));
        MediaSection m = s.media().get(0);
        assertThat(m.bandwidths()).containsExactly(new Bandwidth("TIAS", 100000));
        assertThat(m.wildcardFeedback()).containsExactly(RtcpFeedback.NACK);
        assertThat(m.attributes()).containsExactly(new Attribute("x-custom", null));
        assertThat(SdpWriter.write(s)).isEqualTo(sdp);
    }

    @Test
    void ridAndSimulcastLines() {
        SessionDescription s = SdpParser.parse(minimal("m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\n"
                + "a=rid:q send\r\na=rid:h send max-width=640\r\na=rid:f send\r\na=simulcast:send q;h;~f\r\n"));
        MediaSection m = s.media().get(0);
        assertThat(m.rids()).containsExactly(new Rid("q", Direction.SENDONLY, null),
                new Rid("h", Direction.SENDONLY, "max-width=640"), new Rid("f", Direction.SENDONLY, null));
        assertThat(m.simulcast()).isEqualTo(new Simulcast("q;h;~f", null));
        assertThat(m.simulcast().sendRids()).containsExactly("q", "h", "f");
        assertThat(SdpWriter.write(s)).contains("a=rid:h send max-width=640\r\na=rid:f send\r\na=simulcast:send q;h;~f\r\n");
    }

    @Test
    void candidateWithRelatedAddressIsTypedAndOddOnesStayRaw() {
        SessionDescription s = SdpParser.parse(minimal("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
                + "a=candidate:842163049 1 udp 1677729535 203.0.113.7 61665 typ srflx raddr 192.0.2.2 rport 61665 "
                + "generation 0 network-cost 999\r\n"
                + "a=candidate:weird line\r\n"));
        MediaSection m = s.media().get(0);
        SdpCandidate srflx = (SdpCandidate) m.candidates().get(0);
        assertThat(srflx.type()).isEqualTo("srflx");
        assertThat(srflx.relatedAddress()).isEqualTo("192.0.2.2");
        assertThat(srflx.relatedPort()).isEqualTo(61665);
        assertThat(srflx.extensions()).containsExactly(new SdpCandidate.Extension("generation", "0"),
                new SdpCandidate.Extension("network-cost", "999"));
        assertThat(m.candidates().get(1)).isEqualTo(new RawCandidate("weird line"));
        assertThat(SdpWriter.write(s)).contains("a=candidate:842163049 1 udp 1677729535 203.0.113.7 61665 typ srflx "
                + "raddr 192.0.2.2 rport 61665 generation 0 network-cost 999\r\na=candidate:weird line\r\n");
    }

    @Test
    void malformedLinesReportLineNumberAndReason() {
        assertError(minimal("m=video\r\n"), 5, "bad m= line");
        assertError(minimal("m=video nine UDP/TLS/RTP/SAVPF 96\r\n"), 5, "non-numeric m= port 'nine'");
        assertError(minimal("m=video 9 UDP/TLS/RTP/SAVPF 96 abc\r\n"), 5, "non-numeric payload type in m= line 'abc'");
        assertError(minimal("m=video 9 UDP/TLS/RTP/SAVPF 128\r\n"), 5, "payload type in m= line 128 out of range 0..127");
        assertError(minimal("m=video 70000 UDP/TLS/RTP/SAVPF 96\r\n"), 5, "m= port 70000 out of range");
        assertError(minimal("m=video 9 UDP/TLS/RTP/SAVPF 96 96\r\n"), 5, "payload type 96 listed twice");
        assertError(minimal("m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:x VP8/90000\r\n"), 6,
                "non-numeric payload type in a=rtpmap 'x'");
        assertError(minimal("m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8\r\n"), 6, "bad a=rtpmap");
        assertError(minimal("m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\na=rtpmap:96 VP9/90000\r\n"), 7,
                "second a=rtpmap for payload type 96");
        assertError(minimal("m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\na=mid:1\r\n"), 7, "duplicate a=mid");
        assertError(minimal("m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=sendonly\r\na=recvonly\r\n"), 7,
                "more than one direction attribute");
        assertError(minimal("m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=setup:maybe\r\n"), 6, "bad a=setup value 'maybe'");
        assertError(minimal("m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=fingerprint:sha-256 ZZ:00\r\n"), 6, "bad a=fingerprint digest");
        assertError(minimal("m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=ssrc:notanumber cname:x\r\n"), 6, "non-numeric ssrc");
        assertError(minimal("m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=ssrc:4294967296 cname:x\r\n"), 6, "ssrc 4294967296 out of range");
        assertError(minimal("m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=extmap:0 urn:x\r\n"), 6, "extmap id 0 out of range");
        assertError(minimal("m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=rtcp-mux:yes\r\n"), 6, "a=rtcp-mux takes no value");
        assertError(minimal("m=audio 9 UDP/TLS/RTP/SAVPF 0\r\no=- 1 1 IN IP4 0.0.0.0\r\n"), 6,
                "'o=' line is not allowed inside a media section");
        assertError(minimal("x=unknown\r\n"), 5, "unknown line type 'x='");
        assertError(minimal("garbage\r\n"), 5, "expected <letter>=<value>");
        assertError("o=- 1 1 IN IP4 0.0.0.0\r\n", 1, "SDP must start with v=0");
        assertError("v=1\r\n", 1, "unsupported SDP version '1'");
        assertError("v=0\r\ns=-\r\nt=0 0\r\n", 3, "missing o= line");
        assertError("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n", 4, "missing s= line");
        assertError("v=0\r\no=- x 1 IN IP4 0.0.0.0\r\n", 2, "bad o= session id 'x'");
        assertError("", 0, "empty SDP: missing v= line");
        assertError("\r\n\n", 0, "empty SDP: missing v= line");
    }

    private static void assertError(String sdp, int line, String reasonStart) {
        assertThatThrownBy(() -> SdpParser.parse(sdp))
                .as(sdp)
                .isInstanceOfSatisfying(SdpParseException.class, e -> {
                    assertThat(e.lineNumber()).as(sdp).isEqualTo(line);
                    assertThat(e.reason()).as(sdp).startsWith(reasonStart);
                    assertThat(e.getMessage()).startsWith(line > 0 ? "SDP line " + line + ": " : "SDP: ");
                });
    }

    static String minimal(String media) {
        return "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n" + media;
    }
}
