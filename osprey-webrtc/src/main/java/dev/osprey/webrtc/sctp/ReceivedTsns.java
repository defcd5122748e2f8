package dev.osprey.webrtc.sctp;

/**
 * Which peer TSNs have arrived: the cumulative TSN plus a fixed bitmap of the {@link #WINDOW} TSNs after it.
 * TSNs are unwrapped to longs so comparisons are plain. The bitmap size bounds memory whatever the peer sends.
 */
final class ReceivedTsns {
    static final int WINDOW = 1 << 16;
    private final long[] bits = new long[WINDOW / 64];
    private long cumulative;
    private long highest;

    void reset(long cumulativeTsn) {
        java.util.Arrays.fill(bits, 0);
        cumulative = cumulativeTsn;
        highest = cumulativeTsn;
    }

    long cumulative() {
        return cumulative;
    }

    long highest() {
        return highest;
    }

    /** The unwrapped value of a 32-bit TSN, taken as the one nearest the cumulative TSN. */
    long unwrap(int wire) {
        return cumulative + (wire - (int) cumulative);
    }

    boolean inWindow(long tsn) {
        return tsn > cumulative && tsn - cumulative < WINDOW;
    }

    boolean contains(long tsn) {
        if (tsn <= cumulative) {
            return true;
        }
        if (tsn - cumulative >= WINDOW) {
            return false;
        }
        int i = (int) (tsn & (WINDOW - 1));
        return (bits[i >>> 6] & (1L << i)) != 0;
    }

    /** Records an in-window TSN and advances the cumulative TSN over any run it completes. */
    void add(long tsn) {
        int i = (int) (tsn & (WINDOW - 1));
        bits[i >>> 6] |= 1L << i;
        if (tsn > highest) {
            highest = tsn;
        }
        advance();
    }

    /** FORWARD TSN: the peer will never send TSNs up to {@code newCumulative}. */
    void forwardTo(long newCumulative) {
        if (newCumulative <= cumulative) {
            return;
        }
        if (newCumulative >= highest || newCumulative - cumulative >= WINDOW) {
            java.util.Arrays.fill(bits, 0);
            if (newCumulative < highest) {
                // Cannot keep partial knowledge above a jump this large; the peer will retransmit it.
                highest = newCumulative;
            }
        } else {
            for (long t = cumulative + 1; t <= newCumulative; t++) {
                int i = (int) (t & (WINDOW - 1));
                bits[i >>> 6] &= ~(1L << i);
            }
        }
        cumulative = newCumulative;
        if (highest < cumulative) {
            highest = cumulative;
        }
        advance();
    }

    private void advance() {
        while (cumulative < highest) {
            long next = cumulative + 1;
            int i = (int) (next & (WINDOW - 1));
            long mask = 1L << i;
            if ((bits[i >>> 6] & mask) == 0) {
                return;
            }
            bits[i >>> 6] &= ~mask;
            cumulative = next;
        }
    }

    /**
     * Fills gap ack blocks as offsets from the cumulative TSN (RFC 9260 3.3.4).
     *
     * @return number of blocks written (at most {@code starts.length})
     */
    int gapBlocks(int[] starts, int[] ends) {
        int n = 0;
        long t = cumulative + 1;
        while (t <= highest && n < starts.length) {
            while (t <= highest && !contains(t)) {
                t++;
            }
            if (t > highest) {
                break;
            }
            long start = t;
            while (t <= highest && contains(t)) {
                t++;
            }
            starts[n] = (int) (start - cumulative);
            ends[n] = (int) (t - 1 - cumulative);
            n++;
        }
        return n;
    }
}
