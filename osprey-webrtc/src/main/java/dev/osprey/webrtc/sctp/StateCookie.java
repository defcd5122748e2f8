package dev.osprey.webrtc.sctp;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The State Cookie of INIT ACK (RFC 9260 5.1.3): everything needed to accept the peer's INIT, signed with a
 * per-association HMAC-SHA256 key, so that answering an INIT creates no state (INIT floods cost nothing but
 * the reply). Layout: local tag, peer tag, peer initial TSN, peer a_rwnd, peer outbound streams, peer inbound
 * streams, feature flags ({@code InitChunk.FEATURE_*}), creation time (nanos), then a 16-byte truncated MAC.
 */
final class StateCookie {
    static final int LENGTH = 36 + 16;

    private final Mac mac;
    private final long lifetimeNanos;
    private final byte[] scratch = new byte[32];

    int localTag;
    int peerTag;
    int peerInitialTsn;
    long peerArwnd;
    int peerOutboundStreams;
    int peerInboundStreams;
    int features;

    StateCookie(SecureRandom random, long lifetimeNanos) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
        this.lifetimeNanos = lifetimeNanos;
    }

    /** Writes the fields set on this object into {@code out} at {@code pos}. */
    void write(byte[] out, int pos, long nowNanos) {
        Chunks.put32(out, pos, localTag);
        Chunks.put32(out, pos + 4, peerTag);
        Chunks.put32(out, pos + 8, peerInitialTsn);
        Chunks.put32(out, pos + 12, (int) peerArwnd);
        Chunks.put16(out, pos + 16, peerOutboundStreams);
        Chunks.put16(out, pos + 18, peerInboundStreams);
        Chunks.put32(out, pos + 20, features);
        Chunks.put32(out, pos + 24, (int) (nowNanos >>> 32));
        Chunks.put32(out, pos + 28, (int) nowNanos);
        Chunks.put32(out, pos + 32, 0);
        mac.update(out, pos, 36);
        try {
            mac.doFinal(scratch, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        System.arraycopy(scratch, 0, out, pos + 36, 16);
    }

    /** Verifies MAC and age, then loads the fields. False for forged, damaged or stale cookies. */
    boolean read(byte[] in, int pos, int len, long nowNanos) {
        if (len != LENGTH) {
            return false;
        }
        mac.update(in, pos, 36);
        try {
            mac.doFinal(scratch, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        if (!MessageDigest.isEqual(java.util.Arrays.copyOf(scratch, 16),
                java.util.Arrays.copyOfRange(in, pos + 36, pos + 52))) {
            return false;
        }
        long created = (Chunks.u32(in, pos + 24) << 32) | Chunks.u32(in, pos + 28);
        if (nowNanos - created > lifetimeNanos || nowNanos - created < 0) {
            return false;
        }
        localTag = Chunks.i32(in, pos);
        peerTag = Chunks.i32(in, pos + 4);
        peerInitialTsn = Chunks.i32(in, pos + 8);
        peerArwnd = Chunks.u32(in, pos + 12);
        peerOutboundStreams = Chunks.u16(in, pos + 16);
        peerInboundStreams = Chunks.u16(in, pos + 18);
        features = Chunks.i32(in, pos + 20);
        return true;
    }
}
