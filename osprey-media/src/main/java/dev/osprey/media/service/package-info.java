/**
 * The SFU as a service: {@link dev.osprey.media.service.MediaService} runs the publishers and viewers of
 * one application over one or more media loops (a UDP mux each, on its own port), each session a {@link dev.osprey.media.service.MediaSession} that talks
 * back to its client through a {@link dev.osprey.media.service.SessionListener}. This package holds the
 * service, its public API (configuration, sessions, listener, end reasons, refusals, viewer figures, the leg
 * wrappers tests and diagnostics put around the media path: {@link dev.osprey.media.service.LegWrappers},
 * {@link dev.osprey.media.service.LossyLegs}, {@link dev.osprey.media.service.ForwardingLatencyProbe}) and
 * the single-stream sessions: a publisher ({@code PublisherSession}, which feeds a broadcast and may hand
 * it over to a reconnecting publisher: {@code StreamTakeover}, {@code PublisherRoute}) and its viewers
 * ({@code ViewerSession}).
 *
 * <p>Subpackages, one concern each: {@link dev.osprey.media.service.negotiation} (SDP offer/answer),
 * {@link dev.osprey.media.service.room} (conference rooms: many participants on one viewer connection) and
 * {@link dev.osprey.media.service.datachannel} (data channels, their settings and figures).
 *
 * <h2>Threading</h2>
 * The service runs N media loops ({@code MediaLoop}): each is a mux's event loop with its own UDP port,
 * so the kernel hands a peer's datagrams straight to the loop its session lives on, and nothing is
 * handed between loops on the way in. Every session's state lives on its loop, which is also the thread
 * of the broadcasts of the publishers there. A publisher goes to the loop with the fewest publishers
 * (a take-over stays on its predecessor's loop, since it feeds the same broadcast); a viewer to its
 * broadcast's loop, unless that loop has more than a few viewers more than the least busy loop: then
 * to the least busy loop, where it joins the broadcast's mirror (see {@code dev.osprey.media}); a
 * room's viewers to one loop chosen by the room's name, joining the mirrors of participants published
 * elsewhere. A publisher and a viewer on different loops only ever call each other through a task
 * queued on the callee's loop (end, re-offer, data channel messages, leaving). Queries sum over loops.
 * Calls from other threads are handed to the session's loop. From any thread one may call every public method of
 * {@code MediaService} ({@code publish}, {@code play}, {@code playWithOffer} and {@code playRoom} negotiate on the caller's thread
 * and hand the session to the loop), every {@code MediaSession} method (they never block; a publisher's
 * re-offer is answered on the caller's thread, one at a time), and read {@code LossyLegs}' and
 * {@code LatencyHistogram}'s figures. {@code SessionListener} calls come from the media loop, except the
 * first description and candidates of {@code publish}, {@code play} and {@code playWithOffer} (the calling thread) and the answer
 * to a publisher's re-offer or its {@code renegotiationFailed} (the thread that passed the re-offer);
 * listeners must not block. Leg wrappers run on the media loop of the leg (a viewer's leg on the viewer's).
 *
 * <h2>Scaling with cores</h2>
 * One loop per core: with B broadcasts and V viewers, each loop forwards about V/N viewers' packets and
 * decrypts the packets of about B/N publishers; a broadcast whose audience is spread costs one packet
 * copy, one parse and one cache store per extra loop, which is small beside the per-viewer header
 * rewrite, SRTP protect and send. So forwarding grows with the cores until the NIC or the kernel's UDP
 * path is the limit (measured on 1 and 2 loops in bench/RESULTS.md, "Media loops (issue 13)").
 */
package dev.osprey.media.service;
