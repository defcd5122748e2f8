package dev.osprey.webrtc.transport;

import dev.osprey.webrtc.dtls.DtlsFingerprint;
import dev.osprey.webrtc.dtls.DtlsRole;
import dev.osprey.webrtc.ice.IceCredentials;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a transport needs from the remote description: the peer's ICE credentials and certificate
 * fingerprint, the DTLS role this side takes (from the negotiated {@code a=setup}), the peer's
 * UDP candidates (only the client role uses them, to find the server) and the SSRCs it announced in
 * its {@code a=ssrc} lines (they get SRTP receive state; see {@link PeerTransport#expectSsrcs}).
 */
public record RemotePeer(IceCredentials ice, DtlsFingerprint fingerprint, DtlsRole localDtlsRole,
                         List<InetSocketAddress> candidates, Set<Integer> ssrcs) {

    public RemotePeer {
        Objects.requireNonNull(ice, "ice");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(localDtlsRole, "localDtlsRole");
        candidates = List.copyOf(candidates);
        ssrcs = Set.copyOf(ssrcs);
    }

    /** The same peer with the SSRCs its description announced. */
    public RemotePeer withSsrcs(Set<Integer> announced) {
        return new RemotePeer(ice, fingerprint, localDtlsRole, candidates, announced);
    }

    /** A peer that announced no SSRC. */
    public RemotePeer(IceCredentials ice, DtlsFingerprint fingerprint, DtlsRole localDtlsRole,
                      List<InetSocketAddress> candidates) {
        this(ice, fingerprint, localDtlsRole, candidates, Set.of());
    }
}
