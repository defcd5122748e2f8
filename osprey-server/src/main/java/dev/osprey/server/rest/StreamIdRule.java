package dev.osprey.server.rest;

import dev.osprey.signaling.protocol.StreamIds;

/** Ant Media's stream id characters, with the length the store's key column holds. */
final class StreamIdRule {

    static final int MAX_LENGTH = 255;

    private StreamIdRule() {
    }

    static boolean isValid(String id) {
        return StreamIds.isValid(id) && id.length() <= MAX_LENGTH;
    }
}
