/**
 * RTP payload formats of VP8 (RFC 7741), VP9 (RFC 9628), H.264 (RFC 6184), AV1 (AV1 RTP
 * specification) and Opus (RFC 7587).
 *
 * <p>Payload helpers ({@link dev.osprey.webrtc.rtp.codec.Vp8Payload} and the like) read the
 * payload descriptors to detect keyframes and, for VP8/VP9, read and rewrite the picture id and
 * TL0PICIDX an SFU must keep continuous when it switches streams. Their methods take
 * {@code (buf, off, len)} of the RTP payload and return false/-1 on bad input.
 *
 * <p>Packetizers ({@link dev.osprey.webrtc.rtp.codec.RtpPacketizer}) split encoded frames into
 * payloads, for sources that are not WebRTC; depacketizers
 * ({@link dev.osprey.webrtc.rtp.codec.RtpDepacketizer}) rebuild frames into a
 * {@link dev.osprey.webrtc.rtp.codec.FrameBuffer}, for taps that read a broadcast's RTP.
 * {@link dev.osprey.webrtc.rtp.codec.RtpPayloadFormats} makes both by codec name.
 *
 * <p>Threading: the payload helpers are stateless; every packetizer, depacketizer, frame buffer
 * and {@link dev.osprey.webrtc.rtp.codec.H264Sps} instance belongs to one stream and one thread at
 * a time. None allocates per packet once warm.
 */
package dev.osprey.webrtc.rtp.codec;
