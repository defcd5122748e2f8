package dev.osprey.media;

import java.time.Duration;

/** A running {@link Tap}, as its owner sees it. Any thread. */
public interface TapHandle {
    String name();

    /**
     * Stops the tap: the broadcast stops queueing packets for it, the tap gets what was queued and then
     * {@link Tap#onClose()}. Returns at once; safe to call at any moment and more than once.
     */
    void stop();

    /** Waits until the tap's {@link Tap#onClose()} returned; false when that did not happen within {@code timeout}. */
    boolean awaitClosed(Duration timeout) throws InterruptedException;

    /** RTP packets handed to the tap. */
    long packetsDelivered();

    /** Packets (and the odd sender report) dropped because the tap's queue was full. */
    long packetsDropped();

    /** Calls of the tap that threw. */
    long errors();
}
