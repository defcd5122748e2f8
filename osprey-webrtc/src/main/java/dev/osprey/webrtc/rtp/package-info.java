/**
 * RTP packets (RFC 3550) read and rewritten in place on {@code byte[] buf, int off, int len}:
 * header view, RFC 8285 header extensions, RTX (RFC 4588), sequence-number arithmetic and the
 * RTP/RTCP demultiplexer of RFC 5761. Sub-packages: {@code rtcp} (RTCP packets and feedback) and
 * {@code codec} (VP8/VP9/H264/AV1 payload helpers).
 *
 * <p>32-bit protocol fields (SSRC, RTP timestamp) are carried in {@code int}; they are unsigned
 * on the wire, so use {@link java.lang.Integer#toUnsignedLong(int)} to print or order them.
 * Parsers never throw on bad input: they return {@code false} or {@code -1}.
 */
package dev.osprey.webrtc.rtp;
