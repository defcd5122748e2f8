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
 * ({@code AesGcm}, NIST SP 800-38D), because JCE's AES/GCM has to be {@code init}-ed with a new parameter
 * spec for every packet's IV and builds its GCM state afresh each time, ~0.9 KB of garbage per packet.
 * The JDK's AES/ECB, keyed once, encrypts the counter blocks (AES-NI through the JDK's intrinsic), and
 * {@code Ghash} hashes in one of two ways, chosen once per JVM and logged ({@code Ghash.Path}):
 * <ul>
 *   <li>{@code JdkGhash}: the JDK's own GHASH routine ({@code com.sun.crypto.provider.GHASH.processBlocks}),
 *       called through a constant method handle, so that C2 applies the same carry-less multiply intrinsic
 *       (PCLMULQDQ) as for JCE's AES/GCM: close to JCE's speed. It is private to {@code java.base}, so the
 *       JVM must run with {@code --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED} (surefire's
 *       argLine, the {@code Add-Opens} attribute of the server's and load tester's jar manifests).</li>
 *   <li>{@code TableGhash}, the fallback without that flag or on a JDK whose routine differs: 4-bit tables
 *       in Java, of H, H^2, H^3, H^4 for an RTP key (1 KB, four blocks per shift-and-fold chain), of H alone
 *       for an RTCP key (256 bytes); some 6 times slower than JCE's AES/GCM on a full packet. Its lookups
 *       depend on secret data, a cache-timing exposure to local attackers that every table GHASH shares.</li>
 * </ul>
 * Figures in bench/RESULTS.md, "AES-GCM without allocation". Tags are compared in constant time.
 *
 * <p>Threading: nothing here is thread-safe; a context, its ciphers and their scratch arrays belong to
 * one event loop. The packet paths of both profiles allocate nothing once a stream exists
 * ({@code SrtpAllocationTest}).
 */
package dev.osprey.webrtc.srtp;
