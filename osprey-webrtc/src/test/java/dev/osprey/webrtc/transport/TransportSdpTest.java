package dev.osprey.webrtc.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.webrtc.dtls.DtlsCertificate;
import dev.osprey.webrtc.dtls.DtlsFingerprint;
import dev.osprey.webrtc.dtls.DtlsRole;
import dev.osprey.webrtc.ice.IceCandidate;
import dev.osprey.webrtc.ice.IceCredentials;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.RtpCodec;
import dev.osprey.webrtc.sdp.SdpResources;
import dev.osprey.webrtc.sdp.SdpWriter;
import dev.osprey.webrtc.sdp.negotiation.LocalCapabilities;
import dev.osprey.webrtc.sdp.negotiation.SendTrack;
import dev.osprey.webrtc.srtp.SrtpContext;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransportSdpTest {
    private static final String CHROMIUM_FINGERPRINT = "sha-256 A5:5C:02:3B:13:66:DB:5D:D7:FE:85:A8:62:28:DF:97:3C:34:"
            + "81:76:4D:20:CA:21:B9:87:3D:A5:AC:34:46:BC";
    private final DtlsCertificate certificate = DtlsCertificate.generate();
    private final LocalTransport local = new LocalTransport(new IceCredentials("srvU", "serverpasswordserverpw"),
            certificate, List.of(IceCandidate.udpHost("1", "127.0.0.1", 50000, 65535)));

    @Test
    void answersChromiumAsIceLiteDtlsServerWithOurCredentialsFingerprintAndCandidate() throws Exception {
        TransportSdp.Answer answer = TransportSdp.answer(SdpResources.load(SdpResources.CHROMIUM),
                LocalCapabilities.receiveDefaults(), local, "42");

        assertThat(answer.sdp())
                .contains("a=ice-lite\r\n")
                .contains("a=ice-ufrag:srvU\r\n")
                .contains("a=ice-pwd:serverpasswordserverpw\r\n")
                .contains("a=fingerprint:" + certificate.fingerprint().toSdpValue() + "\r\n")
                .contains("a=setup:passive\r\n")
                .contains("a=candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host\r\n")
                .doesNotContain("a=setup:actpass");
        RemotePeer remote = answer.remote();
        assertThat(remote.ice()).isEqualTo(new IceCredentials("1EE7", "fiRHdBUfa2q282SjBHy6BSg2"));
        assertThat(remote.fingerprint()).isEqualTo(DtlsFingerprint.parse(CHROMIUM_FINGERPRINT));
        assertThat(remote.localDtlsRole()).isEqualTo(DtlsRole.SERVER);
        assertThat(answer.result().media()).extracting(m -> m.accepted()).containsExactly(true, true, true);
        // audio, then video and its RTX: what the publisher announced it sends gets SRTP receive state
        assertThat(remote.ssrcs()).containsExactlyInAnyOrder((int) 2476278858L, (int) 2390639086L, (int) 2386903252L);
    }

    @Test
    void aDescriptionAnnouncingThousandsOfSsrcsIsHeldToTheSignalledLimit() throws Exception {
        StringBuilder sdp = new StringBuilder(SdpResources.load(SdpResources.CHROMIUM));
        for (int i = 0; i < 5000; i++) {
            sdp.append("a=ssrc:").append(1_000_000 + i).append(" cname:x\r\n");
        }
        TransportSdp.Answer answer = TransportSdp.answer(sdp.toString(), LocalCapabilities.receiveDefaults(), local, "1");
        assertThat(answer.remote().ssrcs()).hasSize(SrtpContext.MAX_SIGNALLED_STREAMS);
    }

    @Test
    void offersIceLiteActpassWithOurCandidate() {
        SendTrack track = new SendTrack(MediaSection.VIDEO, "0", RtpCodec.of(100, "VP8", 90000, null), null, 1234L,
                null, "s", "t", "c", List.of());
        String offer = SdpWriter.write(TransportSdp.offerBuilder(local, "7", 1).addTrack(track).build());
        assertThat(offer)
                .contains("a=ice-lite\r\n")
                .contains("a=setup:actpass\r\n")
                .contains("a=ice-ufrag:srvU\r\n")
                .contains("a=fingerprint:" + certificate.fingerprint().toSdpValue() + "\r\n")
                .contains("a=candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host\r\n")
                .contains("a=rtpmap:100 VP8/90000\r\n");
    }

    @Test
    void theAnswerersSetupDecidesOurDtlsRole() throws Exception {
        String chromium = SdpResources.load(SdpResources.CHROMIUM);
        RemotePeer active = TransportSdp.remoteFromAnswer(chromium.replace("a=setup:actpass", "a=setup:active"));
        assertThat(active.localDtlsRole()).isEqualTo(DtlsRole.SERVER);
        assertThat(active.ice().ufrag()).isEqualTo("1EE7");
        RemotePeer passive = TransportSdp.remoteFromAnswer(chromium.replace("a=setup:actpass", "a=setup:passive"));
        assertThat(passive.localDtlsRole()).isEqualTo(DtlsRole.CLIENT);

        assertThatThrownBy(() -> TransportSdp.remoteFromAnswer(chromium))
                .isInstanceOf(SdpRejectedException.class).hasMessageContaining("actpass");
    }

    @Test
    void keepsUdpCandidatesWithIpLiteralsOnly() throws Exception {
        String chromium = SdpResources.load(SdpResources.CHROMIUM).replace("a=setup:actpass", "a=setup:active");
        String withCandidates = chromium.replaceFirst("a=ice-ufrag:1EE7\r\n", "a=ice-ufrag:1EE7\r\n"
                + "a=candidate:1 1 udp 2122260223 127.0.0.1 40000 typ host generation 0\r\n"
                + "a=candidate:2 1 udp 2122260222 3b1c0f2e-1234.local 40001 typ host\r\n"
                + "a=candidate:3 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active\r\n"
                + "a=candidate:4 1 udp 2122262783 ::1 40002 typ host\r\n");
        assertThat(TransportSdp.remoteFromAnswer(withCandidates).candidates()).containsExactly(
                new InetSocketAddress("127.0.0.1", 40000), new InetSocketAddress("::1", 40002));
    }

    @Test
    void unusableDescriptionsAreRejectedWithAReason() {
        assertThatThrownBy(() -> TransportSdp.answer("v=0\r\ngarbage", LocalCapabilities.receiveDefaults(), local, "1"))
                .isInstanceOf(SdpRejectedException.class);
        assertThatThrownBy(() -> TransportSdp.remoteFromAnswer(null)).isInstanceOf(SdpRejectedException.class);
        String noFingerprint = SdpResources.load(SdpResources.CHROMIUM).replaceAll("a=fingerprint:[^\r]*\r\n", "");
        assertThatThrownBy(() -> TransportSdp.answer(noFingerprint, LocalCapabilities.receiveDefaults(), local, "1"))
                .isInstanceOf(SdpRejectedException.class).hasMessageContaining("fingerprint");
    }
}
