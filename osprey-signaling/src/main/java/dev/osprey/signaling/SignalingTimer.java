package dev.osprey.signaling;

/**
 * Runs the signalling's deadlines (a publish that never sent its offer). The server hands in its
 * event loop's timers; tests hand in a clock they advance by hand. Implementations are thread-safe
 * and run tasks on any thread; a task takes the application lock itself, so it must not be run
 * inline from {@link #schedule}.
 */
@FunctionalInterface
public interface SignalingTimer {

    /** A scheduled task; cancelling one that ran or was cancelled already does nothing. */
    @FunctionalInterface
    interface Scheduled {
        void cancel();
    }

    /** Runs {@code task} once, {@code delayMillis} from now, unless cancelled before. */
    Scheduled schedule(long delayMillis, Runnable task);

    /** One daemon thread shared by every application that was given no timer of its own. */
    static SignalingTimer shared() {
        return SharedSignalingTimer.INSTANCE;
    }
}
