package dev.osprey.signaling;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A conference room: the sockets that joined it (with the stream id each was given) and the streams
 * published into it, in arrival order. Exists while either is non-empty. Guarded by the application lock.
 */
final class Room {

    final String name;
    final long createdAt;
    final Map<ProtocolSession, String> members = new LinkedHashMap<>();
    final Map<String, Publication> streams = new LinkedHashMap<>();

    Room(String name, long createdAt) {
        this.name = name;
        this.createdAt = createdAt;
    }

    boolean isEmpty() {
        return members.isEmpty() && streams.isEmpty();
    }

    boolean hasLiveStream() {
        for (Publication publication : streams.values()) {
            if (publication.live) {
                return true;
            }
        }
        return false;
    }
}
