/**
 * Video-on-demand files: telling audio/video media from anything else before an upload is kept.
 *
 * <p>Threading: {@link dev.osprey.server.vod.MediaProbe} runs an external process and blocks until it
 * ends (at most its timeout); call it from worker threads (REST handlers), never from an event loop.
 * It holds no state and may be shared.
 */
package dev.osprey.server.vod;
