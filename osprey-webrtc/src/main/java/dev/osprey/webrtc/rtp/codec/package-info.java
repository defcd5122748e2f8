/**
 * Video payload helpers: read the RTP payload descriptors of VP8 (RFC 7741), VP9 (RFC 9628),
 * H.264 (RFC 6184) and AV1 (AV1 RTP specification) to detect keyframes and, for VP8/VP9, read and
 * rewrite the picture id and TL0PICIDX an SFU must keep continuous when it switches streams.
 * All methods take {@code (buf, off, len)} of the RTP payload and return false/-1 on bad input.
 */
package dev.osprey.webrtc.rtp.codec;
