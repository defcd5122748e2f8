package dev.osprey.server.store;

/** Receives a stream's lifecycle events after the store recorded them, in the order they happened. */
@FunctionalInterface
public interface StreamEventListener {

    String LIVE_STREAM_STARTED = "liveStreamStarted";
    String LIVE_STREAM_ENDED = "liveStreamEnded";
    String PLAY_STARTED = "playStarted";
    String PLAY_STOPPED = "playStopped";
    /** Osprey's own: an encoder sends something viewers suffer from (the broadcast's {@code encoderWarning}). */
    String ENCODER_WARNING = "encoderWarning";

    /**
     * Called on the application's store thread: return at once.
     *
     * @param action    one of the constants above (Ant Media's webhook action names)
     * @param broadcast the broadcast as stored after the event (a detached copy)
     * @param timestamp when the event happened, epoch ms
     */
    void streamEvent(String action, Broadcast broadcast, long timestamp);
}
