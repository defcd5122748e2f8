package dev.osprey.webrtc.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM (NIST SP 800-38D) with a 96-bit IV and a 128-bit tag, in place and without allocating
 * per call. JCE's AES/GCM must be {@code init}-ed with a new parameter spec for every IV and builds
 * its GCM state afresh each time (~0.9 KB per packet); here one AES/ECB cipher, keyed once,
 * encrypts counter blocks into a reused array (AES-NI through the JDK's block intrinsic), and
 * {@link Ghash} authenticates (the JDK's carry-less multiply when reachable, see {@link Ghash.Path}).
 * AES-128 and AES-256 keys both work.
 *
 * <p>Memory per key: the JCE cipher with its AES key schedule and GHASH's state (about 250 bytes for
 * the JDK's routine; tables of 1 KB, or 256 bytes for a key that is not busy). The counter and
 * keystream blocks are per thread ({@link #CHUNK_BLOCKS} of each, 3 KB): a full-size packet is
 * encrypted in one call into the JCE cipher, and no viewer carries them.
 *
 * <p>Not thread-safe: one instance is used by one thread at a time.
 */
final class AesGcm {
    static final int IV_LENGTH = 12;
    static final int TAG_LENGTH = 16;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    /**
     * Counter blocks encrypted per call into the JCE cipher: J0 and 95 data blocks cover a 1,520-byte
     * payload, more than any SRTP packet under a 1,500-byte MTU; longer inputs take several calls.
     */
    static final int CHUNK_BLOCKS = 96;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final Cipher aes;
    private final Ghash ghash;
    /** E(K, J0) of the current IV, which masks the tag. */
    private long maskHigh;
    private long maskLow;

    /**
     * @param busy whether the key will protect many large packets (RTP) rather than a few small ones
     *     (RTCP): worth 1 KB of GHASH tables rather than 256 bytes when GHASH uses tables
     */
    AesGcm(byte[] key, boolean busy) {
        this(key, busy, Ghash.Path.best());
    }

    /** @param ghashPath how to compute GHASH: {@link Ghash.Path#best()} but in tests and benchmarks */
    AesGcm(byte[] key, boolean busy, Ghash.Path ghashPath) {
        try {
            aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            byte[] hashKey = aes.doFinal(new byte[16]);
            ghash = Ghash.create(ghashPath, (long) LONGS.get(hashKey, 0), (long) LONGS.get(hashKey, 8), busy);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("AES key of " + key.length + " bytes refused", e);
        }
    }

    /**
     * Encrypts {@code buf[off, off + len)} in place and writes the tag after it.
     *
     * @param iv 12 bytes at {@code ivOff}
     */
    void seal(byte[] iv, int ivOff, byte[] aad, int aadOff, int aadLen, byte[] buf, int off, int len) {
        crypt(iv, ivOff, buf, off, len);
        hash(aad, aadOff, aadLen, buf, off, len);
        LONGS.set(buf, off + len, ghash.high() ^ maskHigh);
        LONGS.set(buf, off + len + 8, ghash.low() ^ maskLow);
    }

    /**
     * Checks the tag that follows {@code buf[off, off + len)} and decrypts those bytes in place.
     *
     * @return false if the tag does not match; the bytes are then unspecified
     */
    boolean open(byte[] iv, int ivOff, byte[] aad, int aadOff, int aadLen, byte[] buf, int off, int len) {
        hash(aad, aadOff, aadLen, buf, off, len);
        crypt(iv, ivOff, buf, off, len);
        // every bit is compared, whatever differs: the time says nothing about where the tags part
        long difference = ((long) LONGS.get(buf, off + len) ^ ghash.high() ^ maskHigh)
                | ((long) LONGS.get(buf, off + len + 8) ^ ghash.low() ^ maskLow);
        return difference == 0;
    }

    private void hash(byte[] aad, int aadOff, int aadLen, byte[] text, int textOff, int textLen) {
        ghash.reset();
        ghash.update(aad, aadOff, aadLen);
        ghash.update(text, textOff, textLen);
        ghash.updateLengths(aadLen, textLen);
    }

    /**
     * XORs the keystream of counter blocks inc32(J0), inc32(J0) + 1, ... into {@code buf}, and
     * sets the tag mask from J0 = IV || 1, the first block of the first chunk.
     */
    private void crypt(byte[] iv, int ivOff, byte[] buf, int off, int len) {
        long ivHigh = (long) LONGS.get(iv, ivOff);
        long ivLow = (long) (int) INTS.get(iv, ivOff + 8) << 32;
        Scratch scratch = SCRATCH.get();
        byte[] counters = scratch.counters;
        byte[] keystream = scratch.keystream;
        int counter = 1;
        int done = 0;
        int first = 1;
        do {
            int dataBlocks = Math.min(CHUNK_BLOCKS - first, (len - done + 15) >>> 4);
            int blocks = first + dataBlocks;
            for (int b = 0; b < blocks; b++) {
                LONGS.set(counters, b << 4, ivHigh);
                LONGS.set(counters, (b << 4) + 8, ivLow | (counter++ & 0xFFFFFFFFL));
            }
            encryptBlocks(counters, keystream, blocks << 4);
            if (first == 1) {
                maskHigh = (long) LONGS.get(keystream, 0);
                maskLow = (long) LONGS.get(keystream, 8);
            }
            int n = Math.min(dataBlocks << 4, len - done);
            xor(buf, off + done, keystream, first << 4, n);
            done += n;
            first = 0;
        } while (done < len);
    }

    private void encryptBlocks(byte[] counters, byte[] keystream, int bytes) {
        try {
            aes.update(counters, 0, bytes, keystream, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("keystream array sized for the counter array", e);
        }
    }

    private static void xor(byte[] buf, int at, byte[] ks, int from, int n) {
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            LONGS.set(buf, at + i, (long) LONGS.get(buf, at + i) ^ (long) LONGS.get(ks, from + i));
        }
        for (; i < n; i++) {
            buf[at + i] ^= ks[from + i];
        }
    }

    /** A thread's counter blocks and their encryption. */
    private static final class Scratch {
        final byte[] counters = new byte[CHUNK_BLOCKS * 16];
        final byte[] keystream = new byte[CHUNK_BLOCKS * 16];
    }
}
