package dev.osprey.signaling;

/**
 * Decides whether a stream id may be published at all (Ant Media's {@code acceptOnlyStreamsInDataStore}).
 * Called on the session's thread for every {@code publish} command: answer from memory, never block.
 */
@FunctionalInterface
public interface PublishAuthorizer {

    /** Allows every stream id. */
    PublishAuthorizer ALLOW_ALL = streamId -> true;

    /** False refuses the publish with {@code not_allowed_unregistered_streams}. */
    boolean mayPublish(String streamId);
}
