package dev.osprey.ingest.ts;

/**
 * What the demuxer does with the payload of one PID, after it has checked the packet's continuity
 * counter.
 */
abstract class PidHandler {
    private static final int NONE = -1;

    private int lastCounter = NONE;

    /**
     * Checks a packet's continuity_counter (§2.4.3.3). Only packets with payload count. Returns
     * false for a duplicate packet, which the caller drops; a gap calls {@link #onDiscontinuity}.
     */
    final boolean acceptCounter(int counter, boolean hasPayload, boolean discontinuityIndicator,
            TsCounters counters) {
        if (discontinuityIndicator) {
            lastCounter = NONE;
        }
        if (!hasPayload) {
            return true;
        }
        int last = lastCounter;
        lastCounter = counter;
        if (last == NONE || counter == ((last + 1) & 0xF)) {
            return true;
        }
        if (counter == last) {
            return false;
        }
        counters.continuityErrors++;
        onDiscontinuity();
        return true;
    }

    /** The payload of one packet: {@code length} bytes at {@code offset}. */
    abstract void onPayload(byte[] packet, int offset, int length, boolean unitStart);

    /** Packets were lost: whatever was being assembled is incomplete. */
    abstract void onDiscontinuity();

    /** Bytes this handler holds on to, for the memory bound. */
    abstract int retainedBytes();
}
