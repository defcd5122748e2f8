package dev.osprey.server.rest;

/** What the REST API asks of the signalling: ending a publish ({@code POST /broadcasts/{id}/stop}, delete). */
@FunctionalInterface
public interface StreamControl {

    /** Ends the publish of {@code streamId}; false when nobody publishes it. Never blocks. */
    boolean stopPublish(String streamId);
}
