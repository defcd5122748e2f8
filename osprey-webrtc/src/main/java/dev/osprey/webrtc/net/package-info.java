/**
 * The one-port UDP transport: {@link dev.osprey.webrtc.net.UdpSocket} (Netty native epoll with
 * recvmmsg batch receive, NIO when epoll is unavailable) and {@link dev.osprey.webrtc.net.UdpMux},
 * which demultiplexes every datagram of that socket to a peer.
 *
 * <h2>Threading</h2>
 * One socket means one receiving event loop. Everything the mux does happens on that loop:
 * demultiplexing, the ICE agents' checks and consent timers (a task scheduled on the same loop), and
 * every {@link dev.osprey.webrtc.net.PeerEndpoint} callback. Each peer is therefore pinned to the
 * socket's loop; a layer above that needs more cores hands work to other loops itself (copying the
 * bytes, which are only valid during the callback). {@link dev.osprey.webrtc.net.UdpMux#register} and
 * the {@code send} methods may be called from any thread; sends never block and drop (counted)
 * when the socket's outbound buffer is full.
 */
package dev.osprey.webrtc.net;
