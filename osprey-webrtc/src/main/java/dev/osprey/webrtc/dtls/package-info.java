/**
 * DTLS 1.2 with the use_srtp extension (RFC 5764) over BouncyCastle bctls, in the server and the client role.
 *
 * <p>Entry point: {@link dev.osprey.webrtc.dtls.DtlsEndpoint}, created with a {@link dev.osprey.webrtc.dtls.DtlsRole}
 * (from SDP {@code a=setup}), the local {@link dev.osprey.webrtc.dtls.DtlsCertificate}, the peer's
 * {@link dev.osprey.webrtc.dtls.DtlsFingerprint} (from SDP {@code a=fingerprint}), a
 * {@link dev.osprey.webrtc.dtls.DatagramSink} for outgoing datagrams and a {@link dev.osprey.webrtc.dtls.DtlsListener}.
 * A successful handshake yields {@link dev.osprey.webrtc.dtls.DtlsSrtpKeys} oriented for this endpoint.
 *
 * <p>Settings browsers depend on, all fixed here: DTLS 1.2 only (no TLS, no DTLS 1.3 in the version list), no
 * HelloVerifyRequest cookie exchange (it drops the fragmented ClientHello browsers send), a receive limit of at
 * least 1500 bytes, and a finite handshake timeout.
 */
package dev.osprey.webrtc.dtls;
