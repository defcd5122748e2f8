/**
 * SRTP and SRTCP (RFC 3711, RFC 7714): AES_CM_128_HMAC_SHA1_80 and AEAD_AES_128_GCM, in-place
 * protect/unprotect, replay protection and ROC tracking per SSRC.
 * Entry points: {@link dev.osprey.webrtc.srtp.SrtpSession} and {@link dev.osprey.webrtc.srtp.SrtpContext}.
 *
 * <p>Receive state is bounded per peer: only authenticated packets create it, and only for the SSRCs the
 * peer announced ({@code SrtpContext.expectSsrcs}, at most 256) plus 16 others; packets from any other
 * SSRC are refused ({@code SrtpError.UNKNOWN_STREAM}) and counted.
 *
 * <p>Crypto: AES-CM + HMAC-SHA1 uses the JDK's AES/ECB and HmacSHA1, keyed once. AES-GCM is our own
 * ({@code AesGcm}, NIST SP 800-38D): the JDK's AES/ECB, keyed once, encrypts the counter blocks (AES-NI
 * through the JDK's intrinsic), and {@code Ghash} hashes with 4-bit tables: of H, H^2, H^3, H^4 for an
 * RTP key (1 KB, four blocks per shift-and-fold chain), of H alone for an RTCP key (256 bytes). The reason is allocation: JCE's AES/GCM has to be {@code init}-ed with a new parameter spec
 * for every packet's IV and builds its GCM state afresh each time, ~0.9 KB of garbage per packet. The
 * cost is speed: without the JDK's carry-less multiply intrinsic (internal to {@code java.base}), a table
 * GHASH in Java is several times slower than JCE's AES/GCM on a full packet (bench/RESULTS.md, "AES-GCM
 * without allocation"). Table lookups depend on secret data, a cache-timing exposure to local
 * attackers that every table GHASH shares; tags are compared in constant time.
 *
 * <p>Threading: nothing here is thread-safe; a context, its ciphers and their scratch arrays belong to
 * one event loop. The packet paths of both profiles allocate nothing once a stream exists
 * ({@code SrtpAllocationTest}).
 */
package dev.osprey.webrtc.srtp;
