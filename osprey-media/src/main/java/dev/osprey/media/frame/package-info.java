/**
 * Frames in and out of a broadcast, for everything that is not a WebRTC peer.
 *
 * <p>Out: a {@link dev.osprey.media.frame.FrameTap} is the tap recorders, segmenters, restreams and the
 * transcoder build on. A {@link dev.osprey.media.frame.FrameAssembler} per track turns the track's RTP
 * packets (decrypted, retransmissions already unwrapped to the media SSRC and sequence numbers) into
 * whole encoded frames, with a small reordering window, loss detection and, for video, a skip to the
 * next keyframe after loss; the codec-specific work is done by the RTP depacketizers of
 * {@link dev.osprey.webrtc.rtp.codec}. A {@code MediaTimeline} puts every track on one clock with the
 * source's RTCP sender reports, so audio and video stay in sync; a
 * {@link dev.osprey.media.frame.FrameConsumer} gets the frames with their times.
 *
 * <p>In: a {@link dev.osprey.media.frame.FramePacketizer} turns a source's frames (RTMP, SRT and WHIP
 * ingest, files, a transcoder) into the RTP a {@link dev.osprey.media.Broadcast} takes.
 *
 * <p>Threading: a frame tap, its assemblers and its timeline run on the tap's worker thread; an
 * assembler's listener is called on that thread, from inside {@code onPacket}, {@code poll} or
 * {@code reset}, and must not call back into the assembler. A packetizer belongs to its source's
 * thread. Nothing is allocated per packet once the buffers have grown to the stream's largest frame,
 * except while a frame tap holds frames back at its start.
 */
package dev.osprey.media.frame;
