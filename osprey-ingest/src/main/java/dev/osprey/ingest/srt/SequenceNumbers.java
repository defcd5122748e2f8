package dev.osprey.ingest.srt;

/** Arithmetic on SRT's 31-bit packet sequence numbers, which wrap from 2^31-1 to 0. */
final class SequenceNumbers {
    static final int MAX = 0x7FFF_FFFF;

    private SequenceNumbers() {
    }

    /** {@code a - b} taken as the shortest way round the 31-bit circle: negative when a is before b. */
    static int diff(int a, int b) {
        return ((a - b) << 1) >> 1;
    }

    static int next(int seq) {
        return (seq + 1) & MAX;
    }

    static int add(int seq, int n) {
        return (seq + n) & MAX;
    }

    static int previous(int seq) {
        return (seq - 1) & MAX;
    }
}
