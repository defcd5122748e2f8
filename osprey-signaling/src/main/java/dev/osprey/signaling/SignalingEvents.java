package dev.osprey.signaling;

/**
 * Stream lifecycle events of one application, for the server's data store and webhooks. Called while
 * the application's signalling lock is held, so that events of a stream arrive in the order its state
 * changed: implementations must return at once (queue the work elsewhere) and never call back into
 * the signalling layer.
 */
public interface SignalingEvents {

    /** Ignores every event. */
    SignalingEvents NONE = new SignalingEvents() {
    };

    /** The publisher's media flows: the stream is live ({@code publish_started}). */
    default void publishStarted(String streamId, String name, String metaData) {
    }

    /**
     * As {@link #publishStarted(String, String, String)}, with how the stream is published: Ant Media's
     * {@code publishType} ("WebRTC", "RTMP", "SRT").
     */
    default void publishStarted(String streamId, String name, String metaData, String publishType) {
        publishStarted(streamId, name, metaData);
    }

    /**
     * A live publish's encoder does something its viewers suffer from ({@code warning} says what, for people:
     * B-frames, say); reported once per publish.
     */
    default void publishWarning(String streamId, String warning) {
    }

    /** A publish ended (stop, failure or socket close); {@code wasLive} tells whether media had flowed. */
    default void publishFinished(String streamId, boolean wasLive) {
    }

    /** A viewer's media flows ({@code play_started}). */
    default void playStarted(String streamId) {
    }

    /** A play whose media had started ended. */
    default void playFinished(String streamId) {
    }
}
