package dev.osprey.webrtc.transport;

/** Why a {@link PeerTransport} ended; reported once through {@link PeerTransportListener#onClosed}. */
public enum CloseReason {
    /** {@link PeerTransport#close()} was called. */
    CLOSED_LOCALLY,
    /** The client's connectivity checks got no (or an error) answer. */
    ICE_FAILED,
    /** No valid connectivity check for the consent timeout (RFC 7675): the peer is gone. */
    ICE_CONSENT_EXPIRED,
    /** The DTLS handshake failed: timeout, wrong fingerprint, alert, no common SRTP profile. */
    DTLS_FAILED,
    /** The peer ended the DTLS association (close_notify or a fatal alert after the handshake). */
    DTLS_CLOSED_BY_PEER
}
