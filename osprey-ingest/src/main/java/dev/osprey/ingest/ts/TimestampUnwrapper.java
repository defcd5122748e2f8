package dev.osprey.ingest.ts;

/**
 * Turns 33-bit PTS/DTS values into a continuous 64-bit time line. Each value is placed at the point
 * of its 2^33 cycle closest to the previous one, so a stream that crosses the wrap-around (every
 * 26.5 hours) keeps counting up. One unwrapper serves all tracks of a program, whose timestamps lie
 * within seconds of each other, so audio and video stay on the same line.
 */
final class TimestampUnwrapper {
    static final long WRAP = 1L << 33;
    private static final long MASK = WRAP - 1;
    private static final long HALF = WRAP >>> 1;

    private long last = TsDemuxer.NO_TIMESTAMP;

    /** The unwrapped value of a 33-bit timestamp. The first one is taken as it is. */
    long unwrap(long timestamp33) {
        if (last == TsDemuxer.NO_TIMESTAMP) {
            last = timestamp33 & MASK;
            return last;
        }
        long delta = (timestamp33 - last) & MASK;
        if (delta >= HALF) {
            delta -= WRAP;
        }
        last += delta;
        return last;
    }
}
