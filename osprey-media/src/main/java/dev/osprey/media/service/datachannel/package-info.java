/**
 * Data channels of the media service's sessions: {@link dev.osprey.media.service.datachannel.DataChannelSession}
 * runs the SCTP association of one peer connection over its DTLS and hands the peer's messages to its
 * session, which decides where they go; the application's settings
 * ({@link dev.osprey.media.service.datachannel.DataChannelSettings}), its figures
 * ({@link dev.osprey.media.service.datachannel.DataChannelStats}, counted by
 * {@link dev.osprey.media.service.datachannel.DataChannelCounters}), the hook that hears every message
 * ({@link dev.osprey.media.service.datachannel.DataMessageListener}) and what became of a server message
 * ({@link dev.osprey.media.service.datachannel.DataSendOutcome}).
 *
 * <h2>Threading</h2>
 * A {@code DataChannelSession} and its association live on the media loop (the transport's event loop),
 * timers included; sending never blocks: what does not fit a peer's bounded send buffer is dropped and
 * counted. {@code DataMessageListener} is called on the media loop and must not block.
 * {@link dev.osprey.media.service.datachannel.DataChannelCounters#snapshot()} may be called from any
 * thread; the settings, stats and outcomes are immutable values.
 */
package dev.osprey.media.service.datachannel;
