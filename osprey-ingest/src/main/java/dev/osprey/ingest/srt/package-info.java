/**
 * SRT ingest, listener (receiver) side, live mode (draft-sharabayko-srt, Haivision's libsrt as
 * the reference for behaviour): the HSv5 caller-listener handshake with SYN cookies, stream id,
 * latency agreement and key material (AES-CTR with a PBKDF2 passphrase), then data in sequence
 * order at its TSBPD time, with ACK/ACKACK, NAK loss reports and too-late packet drop. Many callers
 * share one UDP port; {@link dev.osprey.ingest.srt.SrtServer} tells them apart.
 *
 * <p>Threading: the listener has one channel, and everything of every connection runs on that
 * channel's event loop: packets, timers (one 10 ms tick for all connections) and every
 * {@link dev.osprey.ingest.srt.SrtListener} call. The listener must not block and must copy the
 * payload it keeps. A {@link dev.osprey.ingest.srt.SrtPublishRequest} may be answered from any
 * thread; the answer is carried over to the loop.
 *
 * <p>Hostile input: every datagram is read with its length checked before each field; a short or
 * malformed one is counted and dropped, and nothing it does throws out of the handler. Nothing is
 * kept for a caller before its conclusion carries a valid SYN cookie (so a spoofed flood costs an
 * HMAC per packet and no memory); after that, connections are bounded by
 * {@link dev.osprey.ingest.srt.SrtSettings#maxConnections()}, each receive buffer by
 * {@link dev.osprey.ingest.srt.SrtSettings#receiveBufferPackets()}, remembered rejections by the
 * same bound, and a silent caller is closed after the idle timeout. Packets for a socket id are
 * taken only from the address that made it.
 */
package dev.osprey.ingest.srt;
