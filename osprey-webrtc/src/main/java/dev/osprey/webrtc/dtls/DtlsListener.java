package dev.osprey.webrtc.dtls;

/**
 * Events of one {@link DtlsEndpoint}. All methods run on the endpoint's own virtual thread, never on the
 * network event loop. Exactly one of {@link #onHandshakeFailed} or {@link #onClosed} ends the endpoint's life.
 */
public interface DtlsListener {
    /**
     * The handshake succeeded and the peer's certificate matched the expected fingerprint. As the DTLS server,
     * our final flight is sent when this returns, so SRTP keys installed here (synchronously) are in place
     * before the peer, which starts sending SRTP once it has that flight, can use them.
     */
    void onHandshakeComplete(DtlsSrtpKeys keys, int cipherSuite);

    /** The handshake did not complete (timeout, bad certificate, alert from the peer, no common profile...). */
    void onHandshakeFailed(Throwable cause);

    /**
     * Application data (e.g. SCTP) from the peer. The buffer is reused once this returns: copy what you keep.
     */
    default void onApplicationData(byte[] buf, int off, int len) {
    }

    /** The endpoint ended after a close_notify, a transport failure or a local {@link DtlsEndpoint#close()}. */
    default void onClosed() {
    }
}
