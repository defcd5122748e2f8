package dev.osprey.webrtc.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class IceCandidateTest {
    @Test
    void parsesChromiumHostCandidates() {
        IceCandidate c = IceCandidate.parse(
                "a=candidate:2871954932 1 udp 2122260223 192.0.2.2 54321 typ host generation 0 network-id 1").orElseThrow();
        assertThat(c).isEqualTo(new IceCandidate("2871954932", 1, "udp", 2122260223L, "192.0.2.2", 54321, "host"));
        assertThat(c.isUdp()).isTrue();

        IceCandidate tcp = IceCandidate.parse(
                "candidate:3 1 TCP 1518280447 fd00::2 9 typ host tcptype active generation 0").orElseThrow();
        assertThat(tcp.transport()).isEqualTo("tcp");
        assertThat(tcp.address()).isEqualTo("fd00::2");
        assertThat(tcp.isUdp()).isFalse();

        IceCandidate srflx = IceCandidate.parse(
                "candidate:4 1 udp 1686052607 203.0.113.7 61000 typ srflx raddr 192.0.2.2 rport 54321").orElseThrow();
        assertThat(srflx.type()).isEqualTo("srflx");
    }

    @Test
    void formatsAndParsesBack() {
        IceCandidate host = IceCandidate.udpHost("1", "127.0.0.1", 50000, 65535);
        assertThat(host.format()).isEqualTo("candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host");
        assertThat(IceCandidate.parse(host.format())).contains(host);
    }

    @Test
    void rejectsMalformedLines() {
        for (String bad : new String[] {null, "", "candidate:", "a=candidat:1 1 udp 1 1.2.3.4 5 typ host",
                "candidate:1 1 udp 1 1.2.3.4 5 host", "candidate:1 0 udp 1 1.2.3.4 5 typ host",
                "candidate:1 1 udp 99999999999 1.2.3.4 5 typ host", "candidate:1 1 udp 1 1.2.3.4 70000 typ host",
                "candidate:1 1 udp -1 1.2.3.4 5 typ host", "candidate:f*o 1 udp 1 1.2.3.4 5 typ host",
                "candidate:1 1 udp 1 1.2.3.4 5x typ host"}) {
            assertThat(IceCandidate.parse(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void hostCandidatesUseTheAdvertisedAddressesInOrder() throws Exception {
        List<InetAddress> advertised = HostCandidates.advertisedAddresses(
                List.of(InetAddress.getByName("203.0.113.9")), InetAddress.getByName("0.0.0.0"), false);
        assertThat(advertised).containsExactly(InetAddress.getByName("203.0.113.9"));
        assertThat(HostCandidates.advertisedAddresses(List.of(), InetAddress.getByName("127.0.0.1"), false))
                .containsExactly(InetAddress.getByName("127.0.0.1"));

        List<IceCandidate> candidates = HostCandidates.forAddresses(
                List.of(InetAddress.getByName("203.0.113.9"), InetAddress.getByName("fd00::2")), 50000);
        assertThat(candidates).extracting(IceCandidate::format).containsExactly(
                "candidate:1 1 udp 2130706431 203.0.113.9 50000 typ host",
                "candidate:2 1 udp 2130706175 fd00:0:0:0:0:0:0:2 50000 typ host");
    }

    @Test
    void randomCredentialsAreIceCompliant() {
        IceCredentials a = IceCredentials.random();
        IceCredentials b = IceCredentials.random();
        assertThat(a.ufrag()).matches("[A-Za-z0-9+/]{8}");
        assertThat(a.password()).matches("[A-Za-z0-9+/]{24}");
        assertThat(a).isNotEqualTo(b);
        assertThat(a.toString()).doesNotContain(a.password());
        assertThat(IceCredentials.isIceString("abc", 4)).isFalse();
        assertThat(IceCredentials.isIceString("ab:c", 4)).isFalse();
    }
}
