/**
 * STUN message codec (RFC 5389 / RFC 8489) limited to what ICE needs.
 *
 * <p>{@link dev.osprey.webrtc.stun.StunMessage} is a reusable read-only view over a datagram: it
 * validates every length before it is used and reports malformed input by returning {@code false}
 * from {@code wrap}, never by throwing. {@link dev.osprey.webrtc.stun.StunWriter} writes a message
 * into a caller-supplied array and appends MESSAGE-INTEGRITY and FINGERPRINT.
 * {@link dev.osprey.webrtc.stun.MessageIntegrity} keeps only its key and computes HMAC-SHA1 on a
 * per-thread digest, so checking and signing allocate nothing. None of these classes is thread-safe:
 * keep one instance per event loop or per agent.
 */
package dev.osprey.webrtc.stun;
