package dev.osprey.webrtc.net;

import java.net.InetSocketAddress;

/**
 * The layer above the mux for one peer (DTLS, SRTP...). All callbacks run on the mux's event loop;
 * the bytes are only valid during {@link #onDatagram}.
 */
public interface PeerEndpoint {
    /** A non-STUN datagram (DTLS or RTP/RTCP by its first byte) from the peer's selected address. */
    void onDatagram(byte[] buf, int off, int len, InetSocketAddress from);

    /** ICE nominated an address ({@code previous == null}) or followed the peer to a new one. */
    default void onSelectedAddressChanged(InetSocketAddress previous, InetSocketAddress current) {
    }

    /** Consent expired (RFC 7675): the peer is gone and has been unregistered from the mux. */
    default void onConsentExpired() {
    }
}
