/**
 * Audio for ingest sources: AAC, as RTMP and MPEG-TS (SRT) encoders send it, transcoded to the Opus
 * that WebRTC viewers play. {@link dev.osprey.ingest.audio.AdtsHeader} and
 * {@link dev.osprey.media.format.AudioSpecificConfig} read the AAC framing (hostile input: a
 * violation is a {@link dev.osprey.media.format.MalformedAacException}); {@code AdtsHeader} is the
 * one ADTS parser, the MPEG-TS demuxer's too;
 * {@link dev.osprey.ingest.audio.AacToOpusTranscoder} does the work with FFmpeg.
 *
 * <p>Threading: transcoding never runs on the caller's thread, which is a network event loop. Each
 * transcoder owns one worker thread; {@code submit} only copies the frame into a preallocated slot
 * and never blocks (a full queue drops the frame), the FFmpeg state is used and freed on the worker
 * alone, and the {@link dev.osprey.ingest.audio.OpusSink} is called on the worker. The parsers are
 * immutable results of pure functions, safe anywhere.
 */
package dev.osprey.ingest.audio;
