package dev.osprey.webrtc.srtp;

import java.util.Arrays;

/**
 * Sliding replay window over packet indices (RFC 3711 §3.3.2). The bitmap is circular, indexed
 * by {@code index mod size}, so advancing the window clears bits instead of shifting words.
 */
final class ReplayWindow {
    private final long[] bits;
    private final int size;
    private final int mask;
    private long highest = -1;

    /** @param size a power of two, at least 64 */
    ReplayWindow(int size) {
        if (size < 64 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("replay window must be a power of two >= 64, got " + size);
        }
        this.size = size;
        this.mask = size - 1;
        this.bits = new long[size >>> 6];
    }

    /** The highest index accepted so far, or -1 before the first. */
    long highest() {
        return highest;
    }

    /** 0 if {@code index} may be accepted, else {@link SrtpError#REPLAYED} or {@link SrtpError#TOO_OLD}. */
    int check(long index) {
        if (index > highest) {
            return 0;
        }
        if (highest - index >= size) {
            return SrtpError.TOO_OLD;
        }
        int bit = (int) index & mask;
        return (bits[bit >>> 6] & (1L << bit)) != 0 ? SrtpError.REPLAYED : 0;
    }

    /** Records an authenticated index that passed {@link #check}. */
    void accept(long index) {
        if (index > highest) {
            if (highest < 0 || index - highest >= size) {
                Arrays.fill(bits, 0L);
            } else {
                for (long i = highest + 1; i < index; i++) {
                    int bit = (int) i & mask;
                    bits[bit >>> 6] &= ~(1L << bit);
                }
            }
            highest = index;
        }
        int bit = (int) index & mask;
        bits[bit >>> 6] |= 1L << bit;
    }
}
