/**
 * The SFU as a service: {@link dev.osprey.media.service.MediaService} runs the publishers and viewers of
 * one application on one shared UDP port, each a {@link dev.osprey.media.service.MediaSession} that talks
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
 * Every session's state lives on the media loop: the mux's event loop, which is also every broadcast's
 * thread. Calls from other threads are handed to it. From any thread one may call every public method of
 * {@code MediaService} ({@code publish}, {@code play} and {@code playRoom} negotiate on the caller's thread
 * and hand the session to the loop), every {@code MediaSession} method (they never block; a publisher's
 * re-offer is answered on the caller's thread, one at a time), and read {@code LossyLegs}' and
 * {@code LatencyHistogram}'s figures. {@code SessionListener} calls come from the media loop, except the
 * first description and candidates of {@code publish} and {@code play} (the calling thread) and the answer
 * to a publisher's re-offer or its {@code renegotiationFailed} (the thread that passed the re-offer);
 * listeners must not block. Leg wrappers run on the media loop.
 */
package dev.osprey.media.service;
