package dev.osprey.webrtc.transport;

import dev.osprey.webrtc.srtp.SrtpProfile;

/**
 * Events of one {@link PeerTransport}. Every method runs on the transport's event loop
 * ({@link PeerTransport#eventLoop()}), so an implementation that stays on that loop needs no locking.
 * Buffers are only valid during the call; an exception thrown here is logged and otherwise ignored.
 */
public interface PeerTransportListener {
    /** DTLS completed and SRTP is keyed: media can be sent from now on. */
    default void onConnected(SrtpProfile profile) {
    }

    /**
     * A decrypted RTP packet. The bytes were unprotected in place in the receive buffer, which the
     * callee may rewrite in place (e.g. to forward) but must copy to keep.
     */
    default void onRtp(byte[] buf, int off, int len) {
    }

    /** A decrypted RTCP packet (simple or compound); same buffer rules as {@link #onRtp}. */
    default void onRtcp(byte[] buf, int off, int len) {
    }

    /**
     * A packet was dropped because its SSRC was refused SRTP receive state: the peer never announced it
     * and the few others allowed are taken (see {@link PeerTransport#srtpUnknownStreams()}).
     */
    default void onUnknownStream(boolean rtcp) {
    }

    /** One DTLS application data record (an SCTP packet for data channels), copied for this call. */
    default void onApplicationData(byte[] buf, int off, int len) {
    }

    /** The transport ended and has released its resources; called exactly once, last. */
    default void onClosed(CloseReason reason) {
    }
}
