package dev.osprey.media;

/**
 * How many bytes of retransmissions one viewer may still be sent: a token bucket filled by what the
 * viewer was forwarded, so that NACKs can never make the server send a viewer much more than the
 * stream itself.
 *
 * <ul>
 *   <li>It fills with {@link #REFILL_DIVISOR 1/2} of the bytes forwarded to the viewer: enough to
 *       repair a leg that loses a third of its packets (each retransmission lost again included), far
 *       beyond where video is still watchable.</li>
 *   <li>It holds at most {@link #BURST_BYTES} (128 KiB: about 100 full packets, 400 ms of a
 *       2.5 Mbit/s stream), and starts full, so a burst of losses (a keyframe hit by a short outage)
 *       is repaired at once.</li>
 * </ul>
 *
 * A retransmission that does not fit is not sent (the viewer NACKs again, or asks for a keyframe).
 * Filling is done when a NACK arrives, from the viewer's running total of forwarded bytes, so the
 * forwarding path only adds to that total. Not thread-safe; allocation-free.
 */
final class RetransmissionBudget {
    /** The bucket's depth and initial content, bytes. */
    static final long BURST_BYTES = 128 * 1024;
    /** One byte of retransmission allowed per this many bytes forwarded. */
    static final int REFILL_DIVISOR = 2;

    private long available = BURST_BYTES;
    /** The forwarded total at the last refill. */
    private long forwardedSeen;

    /** Adds the share of what was forwarded since the last call; {@code forwardedTotal} only grows. */
    void refill(long forwardedTotal) {
        long added = (forwardedTotal - forwardedSeen) / REFILL_DIVISOR;
        if (added > 0) {
            available = Math.min(BURST_BYTES, available + added);
            forwardedSeen += added * REFILL_DIVISOR; // the remainder counts towards the next refill
        }
    }

    /** Takes {@code bytes} for one retransmission; false (and nothing taken) when they do not fit. */
    boolean take(int bytes) {
        if (bytes > available) {
            return false;
        }
        available -= bytes;
        return true;
    }

    long available() {
        return available;
    }
}
