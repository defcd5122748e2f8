/**
 * RTMP ingest (Adobe's RTMP specification 1.0, and the Enhanced RTMP additions for H.265/AV1 to
 * come): the handshake, the chunk stream and AMF0 commands, decoded from Netty buffers.
 *
 * <p>Everything here reads bytes from the network and treats them as hostile: lengths are checked
 * before they are used, every buffer has a limit, and a violation is an
 * {@link dev.osprey.ingest.rtmp.RtmpProtocolException} that closes that one connection.
 *
 * <p>Threading: the decoders are not thread-safe; each connection owns its own and uses it on its
 * channel's event loop.
 */
package dev.osprey.ingest.rtmp;
