/**
 * RTCP (RFC 3550) and its feedback messages (RFC 4585 NACK/PLI, RFC 5104 FIR,
 * draft-alvestrand-rmcat-remb REMB, draft-holmer-rmcat-transport-wide-cc-extensions transport-cc).
 *
 * <p>Read a datagram with {@link dev.osprey.webrtc.rtp.rtcp.RtcpCompoundReader}, switch on the
 * packet type and format, check the packet with the type's {@code isValid(buf, off, len)} and read
 * fields with its static accessors. Builders ({@code write(...)}) write one packet into a caller
 * buffer and return its length, or -1 when it does not fit. Nothing here allocates per packet.
 * Reduced-size RTCP (RFC 5506) is accepted: a compound need not start with SR/RR.
 */
package dev.osprey.webrtc.rtp.rtcp;
