package dev.osprey.webrtc.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * GHASH with Shoup's 4-bit tables, in plain Java: the fallback when {@link JdkGhash}, the JDK's
 * carry-less multiply, cannot be reached (see {@link Ghash.Path}).
 *
 * <p>With four lanes, four blocks are hashed at a time as (Y + X1)·H^4 + X2·H^3 + X3·H^2 + X4·H:
 * the sixteen multiples of each power of H are tabled (1 KB per key), and since multiplying by x^4 is
 * linear the four products share one shift-and-fold chain, the part that limits a table GHASH's speed.
 * With one lane only H is tabled (256 bytes). 8-bit tables were measured at most 1.5 times faster
 * than four 4-bit lanes, for 4 KB per power of H: too much with several keys per viewer.
 *
 * <p>A block is held as two longs, bytes 0-7 and 8-15 big-endian; in GCM's bit order the first
 * bit of byte 0 is the coefficient of x^0, so multiplying by x shifts the 128 bits right.
 *
 * <p>Timing: the lookups are indexed by data and by products with H, so a local attacker who can
 * watch the cache could learn about H (each table spans four cache lines). Every table-driven
 * GHASH has that trade-off (OpenSSL's and mbed TLS's paths without CLMUL too); the time of a whole
 * call depends on lengths only, and the tag comparison in {@link AesGcm} is constant-time.
 *
 * <p>Not thread-safe: the running hash is state of the instance.
 */
final class TableGhash extends Ghash {
    /** Blocks hashed together by one shift-and-fold chain when the key has four lanes. */
    static final int LANES = 4;

    /** x^0 + x^1 + x^2 + x^7 in GCM's reflected bit order: what x^128 reduces to. */
    private static final long R = 0xE100000000000000L;
    private static final long[] FOLD_NIBBLE = foldTable();
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /**
     * n · H^p for p = 1..lanes and each nibble n: the high word at [32 (p - 1) + 2n], the low word
     * right after it.
     */
    private final long[] multiples;
    private final boolean fourLanes;
    private long high;
    private long low;

    /**
     * @param fourLanes whether to table H^2..H^4 too (1 KB instead of 256 bytes), which makes long
     *     inputs about 1.6 times faster: worth it for RTP, not for the few RTCP packets
     */
    TableGhash(long hashKeyHigh, long hashKeyLow, boolean fourLanes) {
        this.fourLanes = fourLanes;
        int lanes = fourLanes ? LANES : 1;
        multiples = new long[32 * lanes];
        fillMultiples(0, hashKeyHigh, hashKeyLow);
        for (int power = 1; power < lanes; power++) {
            // H^(p+1) = H^p · H, with the table of H already filled
            high = 0;
            low = 0;
            mix(multiples[32 * (power - 1) + 16], multiples[32 * (power - 1) + 17]);
            fillMultiples(32 * power, high, low);
        }
        reset();
    }

    /** Writes n · v for the 16 nibbles n at {@code base}; the nibble's top bit (8) is x^0. */
    private void fillMultiples(int base, long vHigh, long vLow) {
        long h = vHigh;
        long l = vLow;
        for (int bit = 8; bit > 0; bit >>>= 1) {
            multiples[base + 2 * bit] = h;
            multiples[base + 2 * bit + 1] = l;
            long carry = -(l & 1);
            l = (l >>> 1) | (h << 63);
            h = (h >>> 1) ^ (carry & R);
        }
        for (int bit = 2; bit < 16; bit <<= 1) {
            for (int below = 1; below < bit; below++) {
                int at = base + 2 * (bit + below);
                multiples[at] = multiples[base + 2 * bit] ^ multiples[base + 2 * below];
                multiples[at + 1] = multiples[base + 2 * bit + 1] ^ multiples[base + 2 * below + 1];
            }
        }
    }

    /** For each 4 bits shifted out of the low end, what multiplying by x^4 folds into the high word. */
    private static long[] foldTable() {
        long[] fold = new long[16];
        for (int bits = 0; bits < 16; bits++) {
            long h = 0;
            long l = bits;
            for (int i = 0; i < 4; i++) {
                long carry = -(l & 1);
                l = (l >>> 1) | (h << 63);
                h = (h >>> 1) ^ (carry & R);
            }
            fold[bits] = h;
        }
        return fold;
    }

    @Override
    void reset() {
        high = 0;
        low = 0;
    }

    @Override
    void update(byte[] buf, int off, int len) {
        int end = off + len;
        int whole = off + (len & ~15);
        int at = off;
        if (fourLanes) {
            for (; at + 16 * LANES <= whole; at += 16 * LANES) {
                mixFour(buf, at);
            }
        }
        for (; at < whole; at += 16) {
            mix((long) LONGS.get(buf, at), (long) LONGS.get(buf, at + 8));
        }
        if (whole < end) {
            long h = 0;
            long l = 0;
            for (int i = whole, shift = 120; i < end; i++, shift -= 8) {
                long b = buf[i] & 0xffL;
                if (shift >= 64) {
                    h |= b << (shift - 64);
                } else {
                    l |= b << shift;
                }
            }
            mix(h, l);
        }
    }

    @Override
    void updateLengths(long aadBytes, long textBytes) {
        mix(aadBytes << 3, textBytes << 3);
    }

    @Override
    long high() {
        return high;
    }

    @Override
    long low() {
        return low;
    }

    /** Y = (Y + X) · H, by Horner's rule over X's 32 nibbles from the last (highest power of x) to the first. */
    private void mix(long blockHigh, long blockLow) {
        long xh = high ^ blockHigh;
        long xl = low ^ blockLow;
        long[] m = multiples;
        long[] fold = FOLD_NIBBLE;
        long zh = 0;
        long zl = 0;
        for (int i = 0; i < 32; i++) {
            int folded = (int) zl & 15;
            zl = (zl >>> 4) | (zh << 60);
            zh = (zh >>> 4) ^ fold[folded];
            int n = (int) ((i < 16 ? xl >>> (4 * i) : xh >>> (4 * i - 64)) & 15);
            zh ^= m[2 * n];
            zl ^= m[2 * n + 1];
        }
        high = zh;
        low = zl;
    }

    /** Y = (Y + X1)·H^4 + X2·H^3 + X3·H^2 + X4·H for the four blocks at {@code at}. */
    private void mixFour(byte[] buf, int at) {
        long ah = high ^ (long) LONGS.get(buf, at);
        long al = low ^ (long) LONGS.get(buf, at + 8);
        long bh = (long) LONGS.get(buf, at + 16);
        long bl = (long) LONGS.get(buf, at + 24);
        long ch = (long) LONGS.get(buf, at + 32);
        long cl = (long) LONGS.get(buf, at + 40);
        long dh = (long) LONGS.get(buf, at + 48);
        long dl = (long) LONGS.get(buf, at + 56);
        long[] m = multiples;
        long[] fold = FOLD_NIBBLE;
        long zh = 0;
        long zl = 0;
        for (int shift = 0; shift < 64; shift += 4) {
            int folded = (int) zl & 15;
            zl = (zl >>> 4) | (zh << 60);
            zh = (zh >>> 4) ^ fold[folded];
            int a = 96 + 2 * ((int) (al >>> shift) & 15);
            int b = 64 + 2 * ((int) (bl >>> shift) & 15);
            int c = 32 + 2 * ((int) (cl >>> shift) & 15);
            int d = 2 * ((int) (dl >>> shift) & 15);
            zh ^= m[a] ^ m[b] ^ m[c] ^ m[d];
            zl ^= m[a + 1] ^ m[b + 1] ^ m[c + 1] ^ m[d + 1];
        }
        for (int shift = 0; shift < 64; shift += 4) {
            int folded = (int) zl & 15;
            zl = (zl >>> 4) | (zh << 60);
            zh = (zh >>> 4) ^ fold[folded];
            int a = 96 + 2 * ((int) (ah >>> shift) & 15);
            int b = 64 + 2 * ((int) (bh >>> shift) & 15);
            int c = 32 + 2 * ((int) (ch >>> shift) & 15);
            int d = 2 * ((int) (dh >>> shift) & 15);
            zh ^= m[a] ^ m[b] ^ m[c] ^ m[d];
            zl ^= m[a + 1] ^ m[b + 1] ^ m[c + 1] ^ m[d + 1];
        }
        high = zh;
        low = zl;
    }
}
