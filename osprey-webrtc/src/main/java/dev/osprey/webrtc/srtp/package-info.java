/**
 * SRTP and SRTCP (RFC 3711, RFC 7714) with the JDK's own crypto: AES_CM_128_HMAC_SHA1_80 and
 * AEAD_AES_128_GCM, in-place protect/unprotect, replay protection and ROC tracking per SSRC.
 * Entry points: {@link dev.osprey.webrtc.srtp.SrtpSession} and {@link dev.osprey.webrtc.srtp.SrtpContext}.
 *
 * <p>Receive state is bounded per peer: only authenticated packets create it, and only for the SSRCs the
 * peer announced ({@code SrtpContext.expectSsrcs}, at most 256) plus 16 others; packets from any other
 * SSRC are refused ({@code SrtpError.UNKNOWN_STREAM}) and counted.
 */
package dev.osprey.webrtc.srtp;
