package dev.osprey.webrtc.transport;

import dev.osprey.webrtc.dtls.DtlsFingerprint;
import dev.osprey.webrtc.dtls.DtlsRole;
import dev.osprey.webrtc.ice.IceCredentials;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * What a transport needs from the remote description: the peer's ICE credentials and certificate
 * fingerprint, the DTLS role this side takes (from the negotiated {@code a=setup}) and the peer's
 * UDP candidates (only the client role uses them, to find the server).
 */
public record RemotePeer(IceCredentials ice, DtlsFingerprint fingerprint, DtlsRole localDtlsRole,
                         List<InetSocketAddress> candidates) {

    public RemotePeer {
        Objects.requireNonNull(ice, "ice");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(localDtlsRole, "localDtlsRole");
        candidates = List.copyOf(candidates);
    }
}
