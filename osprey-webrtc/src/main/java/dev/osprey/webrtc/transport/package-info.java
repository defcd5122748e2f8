/**
 * One peer's media transport, wiring the lower packages together: ICE ({@code ice}, on the shared
 * {@code net.UdpMux} for the server role or an own socket for the client role), DTLS ({@code dtls}),
 * SRTP ({@code srtp}) and the RTP/RTCP demultiplexer ({@code rtp}).
 *
 * <p>Entry points: {@link dev.osprey.webrtc.transport.PeerTransport} with its
 * {@link dev.osprey.webrtc.transport.PeerTransportListener}; {@link dev.osprey.webrtc.transport.TransportSdp}
 * builds the SDP answer or offer around a {@link dev.osprey.webrtc.transport.LocalTransport} and turns the
 * peer's description into a {@link dev.osprey.webrtc.transport.RemotePeer}.
 *
 * <p>Threading: each transport is pinned to one event loop (the mux's for the server role). Incoming
 * datagrams, SRTP unprotect and protect, and every listener callback run there; DTLS runs on its own
 * virtual thread and hands its results to the loop. Sends from other threads are copied and handed to
 * the loop, so the SRTP contexts (not thread-safe) only ever see one thread.
 */
package dev.osprey.webrtc.transport;
