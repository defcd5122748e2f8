package dev.osprey.server.rest;

import dev.osprey.signaling.protocol.StreamIds;

/** Ant Media's stream id characters, at most {@link StreamIds#MAX_LENGTH} long: the signalling's rule. */
final class StreamIdRule {

    private StreamIdRule() {
    }

    static boolean isValid(String id) {
        return StreamIds.isValid(id);
    }
}
