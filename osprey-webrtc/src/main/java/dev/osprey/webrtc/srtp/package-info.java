/**
 * SRTP and SRTCP (RFC 3711, RFC 7714) with the JDK's own crypto: AES_CM_128_HMAC_SHA1_80 and
 * AEAD_AES_128_GCM, in-place protect/unprotect, replay protection and ROC tracking per SSRC.
 * Entry points: {@link dev.osprey.webrtc.srtp.SrtpSession} and {@link dev.osprey.webrtc.srtp.SrtpContext}.
 */
package dev.osprey.webrtc.srtp;
