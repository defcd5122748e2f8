package dev.osprey.webrtc.sdp.negotiation;

import dev.osprey.webrtc.sdp.Direction;
import dev.osprey.webrtc.sdp.ExtMap;
import dev.osprey.webrtc.sdp.RtcpFeedback;
import dev.osprey.webrtc.sdp.RtpCodec;
import dev.osprey.webrtc.sdp.SdpParser;
import dev.osprey.webrtc.sdp.SdpWriter;
import dev.osprey.webrtc.sdp.SessionDescription;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OfferBuilderTest {

    private static final TransportParameters LOCAL = new TransportParameters("srvU", "serverpasswordserverpw",
            dev.osprey.webrtc.sdp.Fingerprint.of("sha-256", new byte[] {1, 2, (byte) 0xFE}), List.of(), true);
    private static final List<RtcpFeedback> VIDEO_FB = List.of(RtcpFeedback.NACK, RtcpFeedback.NACK_PLI,
            RtcpFeedback.TRANSPORT_CC);

    private static SessionDescription playOffer() {
        RtpCodec vp8 = RtpCodec.of(96, "VP8", 90000, null).withFeedback(VIDEO_FB);
        RtpCodec opus = RtpCodec.of(111, "opus", 48000, 2)
                .withParameters(Map.of("minptime", "10")).withFeedback(List.of(RtcpFeedback.TRANSPORT_CC));
        return new OfferBuilder(LOCAL, "77", 1)
                .addTrack(new SendTrack("video", "0", vp8, 97, 1111, 2222L, "stream1", "video1", "osprey",
                        List.of(ExtMap.of(3, HeaderExtensions.TRANSPORT_CC), ExtMap.of(4, HeaderExtensions.SDES_MID))))
                .addTrack(new SendTrack("audio", "1", opus, null, 3333, null, "stream1", "audio1", "osprey",
                        List.of(ExtMap.of(4, HeaderExtensions.SDES_MID))))
                .dataChannel("2", 5000, 262144)
                .build();
    }

    @Test
    void playOfferIsExact() {
        assertThat(SdpWriter.write(playOffer())).isEqualTo(String.join("\r\n",
                "v=0",
                "o=- 77 1 IN IP4 127.0.0.1",
                "s=-",
                "t=0 0",
                "a=group:BUNDLE 0 1 2",
                "a=msid-semantic: WMS stream1",
                "a=ice-lite",
                "m=video 9 UDP/TLS/RTP/SAVPF 96 97",
                "c=IN IP4 0.0.0.0",
                "a=ice-ufrag:srvU",
                "a=ice-pwd:serverpasswordserverpw",
                "a=fingerprint:sha-256 01:02:FE",
                "a=setup:actpass",
                "a=mid:0",
                "a=extmap:3 " + HeaderExtensions.TRANSPORT_CC,
                "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                "a=sendonly",
                "a=msid:stream1 video1",
                "a=rtcp-mux",
                "a=rtcp-rsize",
                "a=rtpmap:96 VP8/90000",
                "a=rtcp-fb:96 nack",
                "a=rtcp-fb:96 nack pli",
                "a=rtcp-fb:96 transport-cc",
                "a=rtpmap:97 rtx/90000",
                "a=fmtp:97 apt=96",
                "a=ssrc-group:FID 1111 2222",
                "a=ssrc:1111 cname:osprey",
                "a=ssrc:1111 msid:stream1 video1",
                "a=ssrc:2222 cname:osprey",
                "a=ssrc:2222 msid:stream1 video1",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111",
                "c=IN IP4 0.0.0.0",
                "a=ice-ufrag:srvU",
                "a=ice-pwd:serverpasswordserverpw",
                "a=fingerprint:sha-256 01:02:FE",
                "a=setup:actpass",
                "a=mid:1",
                "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                "a=sendonly",
                "a=msid:stream1 audio1",
                "a=rtcp-mux",
                "a=rtcp-rsize",
                "a=rtpmap:111 opus/48000/2",
                "a=rtcp-fb:111 transport-cc",
                "a=fmtp:111 minptime=10",
                "a=ssrc:3333 cname:osprey",
                "a=ssrc:3333 msid:stream1 audio1",
                "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
                "c=IN IP4 0.0.0.0",
                "a=ice-ufrag:srvU",
                "a=ice-pwd:serverpasswordserverpw",
                "a=fingerprint:sha-256 01:02:FE",
                "a=setup:actpass",
                "a=mid:2",
                "a=sctp-port:5000",
                "a=max-message-size:262144",
                ""));
    }

    @Test
    void playOfferRoundTripsAndIsAnswerable() {
        SessionDescription offer = playOffer();
        assertThat(SdpParser.parse(SdpWriter.write(offer))).isEqualTo(offer);
        // Answered the way a receiving browser would: it takes VP8+rtx and Opus, and receives only.
        NegotiationResult r = SdpAnswerer.answer(SdpParser.parse(SdpWriter.write(offer)),
                LocalCapabilities.receiveDefaults(), SdpAnswererTest.LOCAL, "9");
        assertThat(r).isInstanceOfSatisfying(NegotiationResult.Answered.class, a -> {
            assertThat(a.answer().media().get(0).formats()).containsExactly("96", "97");
            assertThat(a.answer().media().get(0).direction()).isEqualTo(Direction.RECVONLY);
            assertThat(a.answer().media().get(1).formats()).containsExactly("111");
            assertThat(a.answer().bundleGroup().mids()).containsExactly("0", "1", "2");
            assertThat(a.remote().iceUfrag()).isEqualTo("srvU");
        });
    }

    @Test
    void invalidTracksAreRefused() {
        RtpCodec vp8 = RtpCodec.of(96, "VP8", 90000, null);
        assertThatThrownBy(() -> new SendTrack("text", "0", vp8, null, 1, null, "s", "t", "c", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SendTrack("video", "0", vp8, 97, 1, null, "s", "t", "c", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        SendTrack t = new SendTrack("video", "0", vp8, null, 1, null, "s", "t", "c", List.of());
        assertThatThrownBy(() -> new OfferBuilder(LOCAL, "1", 1).addTrack(t).addTrack(t).build())
                .hasMessage("duplicate mid 0");
        assertThatThrownBy(() -> new OfferBuilder(LOCAL, "1", 1).build()).isInstanceOf(IllegalArgumentException.class);
    }
}
