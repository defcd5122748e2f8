package dev.osprey.ingest.srt;

import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SYN cookies of the induction phase: an HMAC of the caller's address and port, a secret drawn
 * at start and the current minute, so a conclusion proves that its sender received our induction
 * response at that address, and the listener keeps nothing per caller until then. A cookie stays
 * good for the minute it was made in and the next one.
 *
 * <p>Not thread-safe: used on the listener channel's event loop only.
 */
final class SynCookies {
    private static final long MINUTE_NANOS = 60_000_000_000L;
    private final Mac mac;
    private final byte[] input = new byte[16 + 2 + 8];
    private final byte[] digest;

    SynCookies() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
        digest = new byte[mac.getMacLength()];
    }

    int bake(InetSocketAddress peer, long nowNanos) {
        return cookie(peer, Math.floorDiv(nowNanos, MINUTE_NANOS));
    }

    boolean verify(int cookie, InetSocketAddress peer, long nowNanos) {
        long minute = Math.floorDiv(nowNanos, MINUTE_NANOS);
        return cookie == cookie(peer, minute) || cookie == cookie(peer, minute - 1);
    }

    private int cookie(InetSocketAddress peer, long minute) {
        java.util.Arrays.fill(input, (byte) 0);
        byte[] address = peer.getAddress() == null ? new byte[0] : peer.getAddress().getAddress();
        System.arraycopy(address, 0, input, 0, Math.min(16, address.length));
        input[16] = (byte) (peer.getPort() >>> 8);
        input[17] = (byte) peer.getPort();
        for (int i = 0; i < 8; i++) {
            input[18 + i] = (byte) (minute >>> (56 - 8 * i));
        }
        mac.update(input);
        try {
            mac.doFinal(digest, 0);
        } catch (javax.crypto.ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        return (digest[0] & 0xFF) << 24 | (digest[1] & 0xFF) << 16 | (digest[2] & 0xFF) << 8 | (digest[3] & 0xFF);
    }
}
