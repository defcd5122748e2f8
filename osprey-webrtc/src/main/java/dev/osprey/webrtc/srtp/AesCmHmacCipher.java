package dev.osprey.webrtc.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-128 counter mode + HMAC-SHA1 (RFC 3711 §4.1.1, §4.2). The keystream comes from one
 * AES/ECB cipher initialised once and fed counter blocks, so no {@code Cipher.init} (and no
 * allocation) happens per packet; the JDK's AES/CTR would need a new IV spec and init per packet.
 */
final class AesCmHmacCipher extends PacketCipher {
    private static final int BLOCK = 16;
    private static final int SALT_LENGTH = 14;
    private static final int INITIAL_SCRATCH = 1536;

    private final Cipher aes;
    private final byte[] salt;
    private final HmacSha1 hmac;
    private final int tagLength;
    private final byte[] iv = new byte[BLOCK];
    private final byte[] word = new byte[4];
    private byte[] counters = new byte[INITIAL_SCRATCH];
    private byte[] keystream = new byte[INITIAL_SCRATCH];

    AesCmHmacCipher(byte[] key, byte[] salt, byte[] authKey, int tagLength) {
        if (salt.length != SALT_LENGTH) {
            throw new IllegalArgumentException("AES-CM session salt must be 14 bytes");
        }
        try {
            aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("bad AES session key", e);
        }
        this.salt = salt.clone();
        this.hmac = new HmacSha1(authKey);
        this.tagLength = tagLength;
    }

    @Override
    int protectRtp(byte[] buf, int off, int headerLength, int len, int ssrc, long index) {
        setIv(ssrc, index);
        applyKeystream(buf, off + headerLength, len - headerLength);
        byte[] mac = rtpMac(buf, off, len, index);
        System.arraycopy(mac, 0, buf, off + len, tagLength);
        return len + tagLength;
    }

    @Override
    int unprotectRtp(byte[] buf, int off, int headerLength, int len, int ssrc, long index) {
        int authenticated = len - tagLength;
        if (!tagMatches(rtpMac(buf, off, authenticated, index), buf, off + authenticated)) {
            return SrtpError.AUTH_FAILED;
        }
        setIv(ssrc, index);
        applyKeystream(buf, off + headerLength, authenticated - headerLength);
        return authenticated;
    }

    @Override
    int protectRtcp(byte[] buf, int off, int len, int ssrc, int index) {
        setIv(ssrc, index);
        applyKeystream(buf, off + RTCP_HEADER_LENGTH, len - RTCP_HEADER_LENGTH);
        writeInt(buf, off + len, 0x80000000 | index);
        int authenticated = len + SrtpProfile.SRTCP_INDEX_LENGTH;
        hmac.start();
        hmac.update(buf, off, authenticated);
        System.arraycopy(hmac.finish(), 0, buf, off + authenticated, tagLength);
        return authenticated + tagLength;
    }

    @Override
    int unprotectRtcp(byte[] buf, int off, int len, int ssrc, int index) {
        int authenticated = len - tagLength;
        hmac.start();
        hmac.update(buf, off, authenticated);
        if (!tagMatches(hmac.finish(), buf, off + authenticated)) {
            return SrtpError.AUTH_FAILED;
        }
        int plain = authenticated - SrtpProfile.SRTCP_INDEX_LENGTH;
        setIv(ssrc, index);
        applyKeystream(buf, off + RTCP_HEADER_LENGTH, plain - RTCP_HEADER_LENGTH);
        return plain;
    }

    @Override
    int rtcpIndexOffset(int protectedLength) {
        return protectedLength - tagLength - SrtpProfile.SRTCP_INDEX_LENGTH;
    }

    /** The authenticated portion followed by the 32-bit ROC (RFC 3711 §4.2). */
    private byte[] rtpMac(byte[] buf, int off, int len, long index) {
        hmac.start();
        hmac.update(buf, off, len);
        writeInt(word, 0, (int) (index >>> 16));
        hmac.update(word, 0, 4);
        return hmac.finish();
    }

    private boolean tagMatches(byte[] mac, byte[] buf, int pos) {
        int diff = 0;
        for (int i = 0; i < tagLength; i++) {
            diff |= mac[i] ^ buf[pos + i];
        }
        return diff == 0;
    }

    /** IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16), RFC 3711 §4.1.1. */
    private void setIv(int ssrc, long index) {
        System.arraycopy(salt, 0, iv, 0, SALT_LENGTH);
        iv[4] ^= (byte) (ssrc >>> 24);
        iv[5] ^= (byte) (ssrc >>> 16);
        iv[6] ^= (byte) (ssrc >>> 8);
        iv[7] ^= (byte) ssrc;
        iv[8] ^= (byte) (index >>> 40);
        iv[9] ^= (byte) (index >>> 32);
        iv[10] ^= (byte) (index >>> 24);
        iv[11] ^= (byte) (index >>> 16);
        iv[12] ^= (byte) (index >>> 8);
        iv[13] ^= (byte) index;
    }

    /** XORs {@code len} bytes at {@code pos} with the keystream for the current IV. */
    private void applyKeystream(byte[] buf, int pos, int len) {
        if (len <= 0) {
            return;
        }
        int blocks = (len + BLOCK - 1) / BLOCK;
        int bytes = blocks * BLOCK;
        if (bytes > counters.length) {
            // only a packet larger than any before grows the scratch space
            counters = new byte[bytes];
            keystream = new byte[bytes];
        }
        byte[] ctr = counters;
        for (int b = 0, at = 0; b < blocks; b++, at += BLOCK) {
            System.arraycopy(iv, 0, ctr, at, SALT_LENGTH);
            // the low 16 bits of the IV are zero, so the block counter fills them without carry
            ctr[at + 14] = (byte) (b >>> 8);
            ctr[at + 15] = (byte) b;
        }
        try {
            aes.update(ctr, 0, bytes, keystream, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("keystream buffer is sized to the counters", e);
        }
        byte[] ks = keystream;
        for (int i = 0; i < len; i++) {
            buf[pos + i] ^= ks[i];
        }
    }
}
