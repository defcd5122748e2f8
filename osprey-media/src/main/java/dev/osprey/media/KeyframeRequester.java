package dev.osprey.media;

/**
 * Throttles keyframe requests for one video track: at most one per interval however many viewers
 * join or ask. A request inside the interval is remembered and sent when the interval has passed,
 * unless a keyframe arrived meanwhile. Not thread-safe; allocation-free.
 */
final class KeyframeRequester {
    private final long intervalNanos;
    private boolean sentOnce;
    private long lastSentNanos;
    private boolean pending;
    private long requestsSent;

    KeyframeRequester(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /** A keyframe is wanted; true when a request should go out now. */
    boolean request(long nowNanos) {
        if (!sentOnce || nowNanos - lastSentNanos >= intervalNanos) {
            markSent(nowNanos);
            return true;
        }
        pending = true;
        return false;
    }

    /** True when a deferred request is due now (call periodically). */
    boolean due(long nowNanos) {
        if (pending && nowNanos - lastSentNanos >= intervalNanos) {
            markSent(nowNanos);
            return true;
        }
        return false;
    }

    void keyframeReceived() {
        pending = false;
    }

    long lastSentNanos() {
        return lastSentNanos;
    }

    long requestsSent() {
        return requestsSent;
    }

    private void markSent(long nowNanos) {
        sentOnce = true;
        pending = false;
        lastSentNanos = nowNanos;
        requestsSent++;
    }
}
