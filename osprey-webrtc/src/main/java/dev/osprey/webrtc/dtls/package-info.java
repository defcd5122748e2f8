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
 *
 * <p>Inside: the endpoint hands bctls a {@code SrtpDtlsClient} or {@code SrtpDtlsServer} (subclasses of bctls's
 * {@code DefaultTlsClient} and {@code DefaultTlsServer}, so they cannot share a base class), each holding only
 * what its role does differently (use_srtp offer or choice, certificate presentation or request); both delegate
 * what they share (versions, cipher suites, timeouts, peer check against the fingerprint, SRTP key export) to one
 * {@code SrtpDtlsHandshake} per handshake, from which the endpoint reads the keys. {@code QueuedDatagramTransport}
 * is bctls's datagram transport over the endpoint's bounded queue and sink.
 *
 * <p>Threading: each endpoint runs its handshake on a virtual thread of its own and, once connected, starts a
 * short-lived reader thread when datagrams arrive; {@code DtlsEndpoint} says which thread runs which callback. The
 * client or server and its {@code SrtpDtlsHandshake} belong to one handshake and are used on its thread only. The
 * network event loop only calls {@code onDatagram}, which copies into the bounded queue and never blocks.
 * {@code DtlsCertificate} (one per process by default), {@code DtlsFingerprint} and {@code DtlsConfig} are
 * immutable and shared between endpoints.
 */
package dev.osprey.webrtc.dtls;
