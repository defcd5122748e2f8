/**
 * HLS and Low-Latency HLS output of a broadcast: the tap's frames become media segments and partial
 * segments (fragmented MP4/CMAF or MPEG-TS), kept in memory and described by a live playlist.
 * Video is never re-encoded; Opus audio is transcoded to AAC.
 *
 * <p>Threading: the segment formats and the segmenter run on their tap's worker thread, one call at a
 * time, and are not synchronised. What they publish for HTTP readers (segments, parts, playlists) is
 * immutable once published.
 */
package dev.osprey.record.hls;
