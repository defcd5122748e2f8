package dev.osprey.media;

/** 64-bit NTP timestamp arithmetic (RFC 3550 §4): seconds in the high word, fraction in the low word. */
public final class Ntp {
    private Ntp() {
    }

    /** A non-negative duration in nanoseconds as an NTP difference. */
    static long fromNanos(long nanos) {
        long seconds = nanos / 1_000_000_000L;
        long rest = nanos % 1_000_000_000L;
        return (seconds << 32) + (rest << 32) / 1_000_000_000L;
    }

    /** An NTP timestamp in microseconds since the NTP epoch (the seconds word read unsigned), rounded. */
    public static long toMicros(long ntp) {
        long seconds = ntp >>> 32;
        long fraction = ntp & 0xFFFF_FFFFL;
        return seconds * 1_000_000L + (fraction * 1_000_000L + (1L << 31) >>> 32);
    }

    /** A duration in units of 1/65536 s (RFC 3550 DLSR), saturating at 32 bits. */
    static int toDlsr(long nanos) {
        return (int) Math.min(0xFFFF_FFFFL, Math.max(0, nanos) * 65_536 / 1_000_000_000L);
    }
}
