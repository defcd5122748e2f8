package dev.osprey.webrtc.rtp;

/**
 * Wrap-aware arithmetic on 16-bit RTP sequence numbers and 32-bit RTP timestamps (RFC 3550
 * Appendix A.1 style): a value is "newer" when it is less than half the number space ahead.
 */
public final class SequenceNumbers {
    private SequenceNumbers() {
    }

    /** Signed distance {@code a - b} in the 16-bit space, in -32768..32767. */
    public static int diff(int a, int b) {
        return (short) (a - b);
    }

    /** True when {@code a} comes after {@code b} (half-range rule; exactly half counts as newer when a > b). */
    public static boolean isNewer(int a, int b) {
        int d = (a - b) & 0xFFFF;
        return d == 0x8000 ? (a & 0xFFFF) > (b & 0xFFFF) : d != 0 && d < 0x8000;
    }

    /** The later of two sequence numbers. */
    public static int latest(int a, int b) {
        return isNewer(a, b) ? a & 0xFFFF : b & 0xFFFF;
    }

    /** Signed distance {@code a - b} between two 32-bit RTP timestamps. */
    public static int timestampDiff(int a, int b) {
        return a - b;
    }

    /** True when timestamp {@code a} comes after {@code b}. */
    public static boolean isNewerTimestamp(int a, int b) {
        int d = a - b;
        return d == Integer.MIN_VALUE ? Integer.compareUnsigned(a, b) > 0 : d > 0;
    }
}
