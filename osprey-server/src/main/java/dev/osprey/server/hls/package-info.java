/**
 * HLS and Low-Latency HLS of an application's live streams: {@link dev.osprey.server.hls.HlsOutputs}
 * starts an HLS tap for each H.264 stream that goes live and keeps the streams readers can reach;
 * {@link dev.osprey.server.hls.HlsRoutes} serves their playlists, parts and segments from memory at
 * {@code /{App}/streams/}, ahead of the files on disk.
 *
 * <p>Threading: {@code HlsOutputs} decides on its application's HLS thread; the segmenters run on their
 * taps' workers; HTTP requests are answered on Vert.x event loops from immutable stream states, and a
 * blocking reload waits without holding a thread.
 */
package dev.osprey.server.hls;
