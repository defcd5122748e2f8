/**
 * Recording a broadcast to a file: {@link dev.osprey.record.Recorder} takes the frames of a
 * {@link dev.osprey.media.frame.FrameTap} and writes MP4 (H.264) or WebM (VP8, VP9, AV1) with FFmpeg's
 * muxers, without re-encoding video.
 *
 * <p>Threading: a recorder runs on its tap's worker thread, never on the media event loop; every call,
 * its close included, comes from that one thread, so nothing here is synchronised. FFmpeg's natives are
 * allocated when the first keyframe arrives and freed by {@code close()} on every path.
 */
package dev.osprey.record;
