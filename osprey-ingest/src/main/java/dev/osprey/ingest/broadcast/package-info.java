/**
 * Encoders' publishes as broadcasts: {@link dev.osprey.ingest.broadcast.RtmpBroadcast} (RTMP, RTMPS) and
 * {@link dev.osprey.ingest.broadcast.SrtBroadcast} (SRT with MPEG-TS) read their protocol's media and hand
 * it to {@link dev.osprey.ingest.broadcast.EncoderPublish}, which bridges the publish into the signalling
 * (a {@link dev.osprey.signaling.BridgedClient} with the protocol's {@code publishType}, so tokens,
 * limits and take-over rules are the WebSocket protocol's), opens a
 * {@link dev.osprey.media.service.FramePublisher} once the codecs are known, and transcodes AAC to Opus.
 *
 * <p>Threading: a publish lives on its connection's event loop (the RTMP channel's, the SRT listener's),
 * and the signalling's events for it are delivered there too; nothing here blocks. Frames are handed to
 * the media loop by the frame publisher, AAC to the transcoder's own thread; the transcoder's Opus goes
 * straight from that thread to the frame publisher.
 */
package dev.osprey.ingest.broadcast;
