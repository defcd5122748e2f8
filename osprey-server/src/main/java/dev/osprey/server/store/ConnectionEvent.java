package dev.osprey.server.store;

/**
 * A publisher or viewer connecting to or leaving a stream (Ant Media's ConnectionEvent).
 *
 * @param eventType {@code connected} or {@code disconnected}
 * @param type      {@code publish} or {@code play}
 */
public record ConnectionEvent(long timestamp, String eventType, String instanceIP, String type, String eventProtocol,
                              String streamId, String subscriberId) {

    public static final String CONNECTED = "connected";
    public static final String DISCONNECTED = "disconnected";
}
