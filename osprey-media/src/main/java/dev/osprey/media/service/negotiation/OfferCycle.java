package dev.osprey.media.service.negotiation;

/**
 * The server-offers cycle of a play connection: one offer is outstanding at a time, and whatever changes
 * while it is unanswered is folded into the next offer, which goes out once the answer arrived (JSEP
 * forbids a new offer in {@code have-local-offer}). Used by the room viewer and the single-stream viewer;
 * confined to the media loop.
 */
public final class OfferCycle {
    private long version;
    private boolean outstanding;
    private boolean pending;
    private long sentNanos;

    /** Something the next offer must carry changed. */
    public void changed() {
        pending = true;
    }

    /** A change waits, no offer is outstanding, and the first offer went out: send the next one now. */
    public boolean due() {
        return pending && !outstanding && version > 0;
    }

    /** Records an offer going out; returns its version (1 for the first offer, the SDP's session version). */
    public long sent(long nowNanos) {
        version++;
        pending = false;
        outstanding = true;
        sentNanos = nowNanos;
        return version;
    }

    /** Records an answer: true when it answers the outstanding offer, false when none was outstanding. */
    public boolean answered() {
        if (!outstanding) {
            return false;
        }
        outstanding = false;
        return true;
    }

    /** The outstanding offer has waited longer than {@code timeoutNanos}. */
    public boolean overdue(long nowNanos, long timeoutNanos) {
        return outstanding && nowNanos - sentNanos > timeoutNanos;
    }

    /** The version of the last offer sent, 0 before the first. */
    public long version() {
        return version;
    }
}
