package dev.osprey.webrtc.rtp.codec;

/**
 * Splits {@code bytes} of a frame into the fewest packets of at most {@code capacity} data bytes,
 * all of nearly equal size (they differ by at most one byte), as browsers do: equal packets pace
 * better than full ones followed by a runt. The first packet may carry {@code firstExtra} more
 * header bytes than the others (a VP9 scalability structure), which it takes out of its share.
 */
final class BalancedSplit {
    private BalancedSplit() {
    }

    static int count(int bytes, int firstExtra, int capacity) {
        int total = bytes + firstExtra;
        return (total + capacity - 1) / capacity;
    }

    /** Data bytes of packet {@code index} out of {@link #count}. */
    static int size(int bytes, int firstExtra, int count, int index) {
        int total = bytes + firstExtra;
        int share = total / count + (index < total % count ? 1 : 0);
        return index == 0 ? share - firstExtra : share;
    }
}
