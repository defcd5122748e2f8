/**
 * Frame assembly for taps: a {@link dev.osprey.media.frame.FrameAssembler} per track turns the
 * track's RTP packets (decrypted, retransmissions already unwrapped to the media SSRC and sequence
 * numbers) into whole encoded frames, with a small reordering window, loss detection and, for
 * video, a skip to the next keyframe after loss. The codec-specific work is done by the RTP
 * depacketizers of {@link dev.osprey.webrtc.rtp.codec}.
 *
 * <p>Threading: an assembler and everything it owns are used by one thread only, the tap's worker;
 * its listener is called on that thread, from inside {@code onPacket}, {@code poll} or
 * {@code reset}, and must not call back into the assembler. Nothing is allocated per packet once
 * the frame buffer has grown to the stream's largest frame.
 */
package dev.osprey.media.frame;
