/**
 * Video-on-demand files: telling audio/video media from anything else before an upload is kept, and
 * serving an application's VoD folder over HTTP ({@link dev.osprey.server.vod.StreamFiles}).
 *
 * <p>Threading: {@link dev.osprey.server.vod.MediaProbe} runs an external process and blocks until it
 * ends (at most its timeout); call it from worker threads (REST handlers), never from an event loop.
 * It holds no state and may be shared.
 *
 * <p>{@link dev.osprey.server.vod.StreamFiles} handles requests on the event loop and never blocks it:
 * the file's real path and attributes and the store reads that name its stream run on Vert.x worker
 * threads, the access check completes on the access-lookup threads and hands back to the request's
 * context, and the bytes go out with {@code sendFile} (zero-copy). A file is served only when its
 * real path, symbolic links followed, lies inside the folder; the path served is that real path.
 */
package dev.osprey.server.vod;
