/**
 * The media core: a {@link dev.osprey.media.Broadcast} is one live stream, fed by a
 * {@link dev.osprey.media.MediaSource} and read by {@link dev.osprey.media.Viewer}s (on the media loop)
 * and {@link dev.osprey.media.Tap}s (off it). The WebRTC publisher leg is one source; any other
 * (RTMP/SRT/WHIP ingest, a transcoder's rendition, the cluster relay) feeds the same
 * {@link dev.osprey.media.Broadcast#onRtp} with its packets and takes keyframe requests and bitrate
 * hints through {@link dev.osprey.media.MediaSource}.
 *
 * <h2>The path of a packet, from the UDP socket to the UDP socket</h2>
 * <pre>
 *  UDP socket ── UdpMux (osprey-webrtc net): one port, recvmmsg batches, on the media event loop
 *     │          demultiplexed by remote address (or STUN username) to a PeerTransport
 *     ▼
 *  PeerTransport of the publisher: ICE ▸ DTLS ▸ SRTP unprotect, in place
 *     │  PeerTransportListener.onRtp            [LegWrappers.publisherLeg: tests drop packets here]
 *     ▼
 *  PublisherSession.onRtp (the WebRTC source; its first packet makes the stream live)
 *     ▼
 *  Broadcast.onRtp
 *     route ............ parse in place; media or RTX SSRC ▸ SourceTrack; payload type checked
 *     measureArrival ... transport-cc arrival times, incoming bitrate (bandwidth probes too)
 *     isPaddingOnly .... bandwidth probes stop here
 *     unwrapRtx ........ a retransmission becomes its original packet (SSRC, sequence, payload type)
 *     statistics ....... extended sequence number, jitter, loss: the RR's report block
 *     detectLoss ....... NACKs new holes to the source; a hole that cannot be repaired asks for a keyframe
 *     cache ............ RetransmissionCache, which answers the viewers' NACKs
 *     detectKeyframe ... ends pending keyframe requests, reads the picture size
 *     forwardToViewers . for each Viewer: keyframe gate ▸ SequenceRewriter ▸ TimestampRewriter ▸
 *        │                rewriteHeader (SSRC, sequence, timestamp, payload type, extensions), in one
 *        │                scratch buffer shared by all viewers
 *        │  MediaSink.sendRtp                   [LegWrappers.viewerLeg: test loss, latency probe]
 *        ▼
 *        ViewerSession ▸ PeerTransport.sendRtp: SRTP protect in place ▸ UdpMux, flushed once per
 *                        receive batch (sendmmsg) ── UDP socket
 *     copyToMirrors .... for each other loop with viewers of this broadcast: one copy into that loop's
 *        │                lane (BroadcastMirror: preallocated slots queued on the loop's task queue) ──▶
 *        ▼                the mirror Broadcast on that loop: its own route ▸ stats ▸ cache ▸ fan-out
 *     copyToTaps ....... for each Tap: a copy into its TapQueue (dropped and counted when full) ──▶
 *                        the tap's own worker thread: Tap.onRtp (frame assembly, muxers ...)
 *
 *  The way back:
 *  viewer RTCP ▸ Viewer.onRtcp ─ NACK ▸ RetransmissionCache ▸ once per round trip, within the viewer's
 *                              │        retransmission budget ▸ rewriteHeader ▸ RTX ▸ MediaSink
 *                              └ PLI/FIR ▸ Broadcast: throttled per track ▸ MediaSource.requestKeyframe
 *  Broadcast.tick ▸ SourceFeedback: NACK retries, transport-cc or REMB, RR ▸ MediaSource.sendRtcp
 *                ▸ Viewer SRs (the source's NTP/RTP mapping moved through each viewer's offsets)
 *                ▸ taps' keyframe requests; taps' workers woken
 *  PublisherSession (MediaSource): PLI (+FIR) and feedback ▸ SRTCP ▸ UdpMux
 * </pre>
 *
 * <h2>Threading</h2>
 * Everything of one broadcast runs on one thread, the executor given to the broadcast (the source's
 * event loop); control calls from other threads are queued onto it (see {@link dev.osprey.media.Broadcast}).
 * A broadcast's audience may be spread over several event loops: a viewer on another loop joins the
 * broadcast's <em>mirror</em> there ({@link dev.osprey.media.Broadcast#mirrorOn}), a broadcast confined to
 * that loop whose source is the origin. The origin hands each packet to each mirror through a lane of
 * preallocated slots on that loop's task queue (lock-free, no allocation, in order, dropped when the
 * loop is a full lane behind); the mirror's keyframe requests and bitrate hint are handed back to the
 * origin's thread. The origin ticks its mirrors on their loops and drops one without viewers after a
 * grace period. The map of mirrors is locked, but only by control calls and the tick, never per packet.
 * A tap runs on its own worker thread and never blocks the broadcast: its queue is bounded and the
 * broadcast only copies into it. Nothing on the per-packet path allocates or takes a lock
 * ({@code ForwardingAllocationTest}, the hand-off to a mirror included).
 *
 * <h2>Words</h2>
 * A <em>source</em> feeds a broadcast; a <em>viewer</em> receives it over WebRTC; a <em>tap</em> reads it
 * off the loop. A negotiated, immutable description is a {@code ...Description} record
 * ({@link dev.osprey.media.TrackDescription}, {@link dev.osprey.media.SourceDescription},
 * {@link dev.osprey.media.ViewerDescription}, {@link dev.osprey.media.ViewerTrackDescription}); the live,
 * mutable state of the same thing is the plain noun ({@code SourceTrack}, {@link dev.osprey.media.Viewer},
 * {@code ViewerTrack}).
 *
 * <p>This package knows nothing of ICE, DTLS, SRTP keys, SDP or signalling: the transport is reached
 * only through {@link dev.osprey.media.MediaSink} (a viewer's outgoing SRTP) and
 * {@link dev.osprey.media.MediaSource} (the way back to the source).
 */
package dev.osprey.media;
