package dev.osprey.loadtest.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.loadtest.LoadTestOptions.Codec;
import dev.osprey.webrtc.dtls.DtlsCertificate;
import dev.osprey.webrtc.dtls.DtlsRole;
import dev.osprey.webrtc.ice.IceCandidate;
import dev.osprey.webrtc.ice.IceCredentials;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.RtpCodec;
import dev.osprey.webrtc.sdp.SdpParser;
import dev.osprey.webrtc.sdp.SdpWriter;
import dev.osprey.webrtc.sdp.SessionDescription;
import dev.osprey.webrtc.sdp.Setup;
import dev.osprey.webrtc.sdp.negotiation.LocalCapabilities;
import dev.osprey.webrtc.sdp.negotiation.SendTrack;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.RemotePeer;
import dev.osprey.webrtc.transport.TransportSdp;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The load tester's SDP against the server-side negotiation code of osprey-webrtc. */
class SessionSdpTest {
    private static final DtlsCertificate CERT = DtlsCertificate.generate();

    private static LocalTransport server() throws Exception {
        return new LocalTransport(IceCredentials.random(), CERT,
                List.of(new IceCandidate("1", 1, "udp", 2130706431L, "127.0.0.1", 50000, "host")));
    }

    @Test
    void aServerAcceptsThePublishOfferAndItsAnswerGivesTheServerCandidate() throws Exception {
        LocalTransport client = LocalTransport.forClient(CERT);
        SessionSdp.PublishOffer offer = SessionSdp.publishOffer(client, "s1", Codec.H264, true, 0x01020304, 5);
        SessionDescription parsed = SdpParser.parse(offer.sdp());
        assertThat(parsed.media()).extracting(MediaSection::type).containsExactly("audio", "video", "application");

        TransportSdp.Answer answer = TransportSdp.answer(offer.sdp(), LocalCapabilities.receiveDefaults(), server(), "9");
        assertThat(answer.remote().ice()).isEqualTo(client.ice());

        assertThat(SessionSdp.negotiated(answer.sdp(), Codec.H264)).isEqualTo(
                new SessionSdp.Negotiated(SessionSdp.H264_PT, SessionSdp.OPUS_PT));
        RemotePeer serverPeer = TransportSdp.remoteFromAnswer(answer.sdp());
        assertThat(serverPeer.candidates()).containsExactly(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 50000));
    }

    @Test
    void thePlayAnswerIsActiveReceiveOnlyAndMapsPayloadTypes() throws Exception {
        LocalTransport serverSide = server();
        SessionDescription offer = TransportSdp.offerBuilder(serverSide, "7", 1)
                .addTrack(new SendTrack("video", "0", SessionSdp.videoCodec(Codec.VP8), 97, 10, 11L, "s1", "v",
                        "c", List.of()))
                .addTrack(new SendTrack("audio", "1", SessionSdp.audioCodec(), null, 12, null, "s1", "a", "c",
                        List.of()))
                .build();

        SessionSdp.PlayAnswer answer = SessionSdp.playAnswer(SdpWriter.write(offer), LocalTransport.forClient(CERT),
                false);

        SessionDescription parsed = SdpParser.parse(answer.sdp());
        assertThat(parsed.media()).allSatisfy(m -> assertThat(m.setup()).isEqualTo(Setup.ACTIVE));
        assertThat(parsed.media().get(0).codecs()).extracting(RtpCodec::name).contains("VP8");
        assertThat(answer.remote().localDtlsRole()).isEqualTo(DtlsRole.CLIENT);
        assertThat(answer.remote().candidates()).hasSize(1);
        assertThat(answer.clockRates()[SessionSdp.VP8_PT]).isEqualTo(90_000);
        assertThat(answer.clockRates()[SessionSdp.OPUS_PT]).isEqualTo(48_000);
        assertThat(answer.clockRates()[97]).isZero(); // rtx is counted but not tracked
        assertThat(answer.vp8()[SessionSdp.VP8_PT]).isTrue();
        assertThat(answer.vp8()[SessionSdp.OPUS_PT]).isFalse();
    }

    @Test
    void trickledCandidatesAndTheLoopbackRule() throws Exception {
        assertThat(SessionSdp.udpCandidate("candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host"))
                .isEqualTo(new InetSocketAddress("127.0.0.1", 50000));
        assertThat(SessionSdp.udpCandidate("a=candidate:1 1 UDP 2130706431 ::1 5 typ host"))
                .isEqualTo(new InetSocketAddress("::1", 5));
        assertThat(SessionSdp.udpCandidate("candidate:1 2 udp 1 127.0.0.1 50001 typ host")).isNull();
        assertThat(SessionSdp.udpCandidate("candidate:1 1 tcp 1 127.0.0.1 50001 typ host")).isNull();
        assertThat(SessionSdp.udpCandidate("candidate:1 1 udp 1 abc.local 50001 typ host")).isNull();
        assertThat(SessionSdp.udpCandidate("candidate:1 1 udp 1 127.0.0.1 99999 typ host")).isNull();
        assertThat(SessionSdp.udpCandidate("")).isNull();

        RemotePeer mixed = new RemotePeer(IceCredentials.random(), CERT.fingerprint(), DtlsRole.CLIENT,
                List.of(new InetSocketAddress("192.0.2.1", 1), new InetSocketAddress("127.0.0.1", 2)));
        assertThat(SessionSdp.allowedOnly(mixed, false).candidates())
                .containsExactly(new InetSocketAddress("127.0.0.1", 2));
        assertThat(SessionSdp.allowedOnly(mixed, true).candidates()).hasSize(2);
    }
}
