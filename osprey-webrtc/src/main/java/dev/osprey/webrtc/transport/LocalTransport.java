package dev.osprey.webrtc.transport;

import dev.osprey.webrtc.dtls.DtlsCertificate;
import dev.osprey.webrtc.ice.HostCandidates;
import dev.osprey.webrtc.ice.IceCandidate;
import dev.osprey.webrtc.ice.IceCredentials;
import dev.osprey.webrtc.net.UdpMux;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Objects;

/**
 * This side of one transport: fresh ICE credentials (unique per peer on a mux), the DTLS certificate
 * whose fingerprint goes into the SDP, and the host candidates to advertise (empty for a client,
 * which is never the target of checks).
 */
public record LocalTransport(IceCredentials ice, DtlsCertificate certificate, List<IceCandidate> candidates) {

    public LocalTransport {
        Objects.requireNonNull(ice, "ice");
        Objects.requireNonNull(certificate, "certificate");
        candidates = List.copyOf(candidates);
    }

    /**
     * Random credentials and one host candidate per advertised address, all on the mux's port.
     *
     * @param advertised the addresses to put in candidates (e.g. the public IP behind NAT); when empty,
     *                   the mux's bound address if it is specific, else every interface address
     */
    public static LocalTransport forMux(UdpMux mux, DtlsCertificate certificate, List<InetAddress> advertised)
            throws SocketException {
        InetAddress bound = mux.localAddress().getAddress();
        List<InetAddress> addresses = HostCandidates.advertisedAddresses(advertised, bound, bound.isLoopbackAddress());
        return new LocalTransport(IceCredentials.random(), certificate,
                HostCandidates.forAddresses(addresses, mux.localAddress().getPort()));
    }

    /** Random credentials and no candidates: the client role. */
    public static LocalTransport forClient(DtlsCertificate certificate) {
        return new LocalTransport(IceCredentials.random(), certificate, List.of());
    }
}
