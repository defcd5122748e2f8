/**
 * SCTP (RFC 9260) over DTLS (RFC 8261) for WebRTC data channels, with partial reliability (RFC 3758), stream
 * reset (RFC 6525) and optional zero checksums (RFC 9653).
 *
 * <p>Entry point: {@link dev.osprey.webrtc.sctp.SctpAssociation}, built from an
 * {@link dev.osprey.webrtc.sctp.SctpConfig} ({@code webRtcDefaults()}: port 5000 both sides, 65535 streams,
 * max-message-size 262144), an {@link dev.osprey.webrtc.sctp.SctpPacketSink} for outgoing packets, an
 * {@link dev.osprey.webrtc.sctp.SctpListener} and a nanosecond clock. The package knows nothing about DTLS: any
 * "send a datagram / receive a datagram" pair works. Over {@code dev.osprey.webrtc.dtls.DtlsEndpoint}:
 * <ul>
 *   <li>sink: {@code (buf, off, len) -> dtls.sendApplicationData(buf, off, len)}, with
 *       {@code maxPacketSize} at most {@code dtls.maxApplicationDataLength()}: create the association after the
 *       handshake with {@code config.withMaxPacketSize(dtls.maxApplicationDataLength())}, or keep the default 1100,
 *       which fits a 1200-byte datagram with any cipher suite;</li>
 *   <li>inbound: {@code DtlsListener.onApplicationData} runs on the DTLS endpoint's own thread and reuses its
 *       buffer, so copy the bytes and hand them to the association's event loop, which calls
 *       {@code onPacket};</li>
 *   <li>start: call {@code start()} once the DTLS handshake completed, whatever the DTLS role: both WebRTC peers
 *       send INIT and the collision resolves into one association.</li>
 * </ul>
 *
 * <p>Inside (all package-private), by layer:
 * <ul>
 *   <li>Wire format: {@code SctpPacketReader} (common header, chunk bounds) and {@code SctpPacketBuilder}
 *       (bundles chunks into packets of at most {@code maxPacketSize}, checksums them with {@code SctpChecksum});
 *       one class per chunk type with static, bounds-checked, allocation-free {@code isValid}, getters and
 *       {@code write} and the RFC's diagram: {@code DataChunk}, {@code InitChunk} (INIT and INIT ACK),
 *       {@code SackChunk}, {@code HeartbeatChunk} (HEARTBEAT and its ACK), {@code AbortChunk},
 *       {@code ShutdownChunk}, {@code HeaderOnlyChunk} (COOKIE ACK, SHUTDOWN ACK, SHUTDOWN COMPLETE),
 *       {@code CookieEchoChunk}, {@code ForwardTsnChunk}, {@code ReconfigChunk} with its parameters
 *       {@code OutgoingResetRequest} and {@code ReconfigResponse}; {@code Chunks} holds the type numbers and
 *       shared field access, {@code StateCookie} the signed contents of our cookies.</li>
 *   <li>Protocol parts the association delegates to: {@code DataSender} (send queue, fragmentation, SACK
 *       processing, retransmission, partial reliability; its window is {@code CongestionControl}'s and its RTO
 *       {@code RtoEstimator}'s), {@code DataReceiver} (received TSNs in {@code ReceivedTsns}, receive window, SACK
 *       timing, FORWARD TSN; messages are put together by {@code InboundReassembly}), {@code StreamReset}
 *       (RFC 6525 both ways), {@code Heartbeats}; {@code GuardedListener} calls the owner's listener so that its
 *       exceptions cannot break the association's state.</li>
 * </ul>
 *
 * <p>Threading: no threads of its own; one thread (the owner's event loop) makes every call and receives every
 * callback, and calls {@code tick(now)} by {@code nextTimeoutNanos()}. The internal classes belong to one
 * association each and share its thread; none is thread-safe. The chunk classes are stateless and, like the packet
 * reader and builder, allocate nothing; per DATA chunk the sender keeps one {@code SentChunk} and the receiver a
 * copy of the user data (and a fragment entry while its message is incomplete).
 *
 * <p>SDP: {@code a=max-message-size} of the peer goes into {@code SctpConfig.remoteMaxMessageSize} (65536 when the
 * attribute is absent, 0 = unlimited, RFC 8841 6); ours is {@code maxInboundMessageSize}.
 *
 * <p>Not supported: association restart (an INIT on an established association is ignored), I-DATA (RFC 8260),
 * multi-homing (meaningless over DTLS), reporting unknown chunks and parameters in ERROR chunks, and reneging (gap
 * acknowledged data is taken as received for good; this receiver never reneges).
 */
package dev.osprey.webrtc.sctp;
