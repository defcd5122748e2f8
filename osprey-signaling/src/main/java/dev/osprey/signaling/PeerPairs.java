package dev.osprey.signaling;

import dev.osprey.signaling.protocol.Messages;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The peer-to-peer pairs of one application: each P2P stream id with its one or two peers, the first
 * joiner first. A P2P stream id lives apart from published streams and rooms. Part of
 * {@link ApplicationState}: every method requires its lock.
 */
final class PeerPairs {

    private final Map<String, List<ProtocolSession>> pairs = new HashMap<>();

    /** The peers of a P2P stream id, first joiner first (a live view; empty when nobody joined). */
    List<ProtocolSession> peers(String streamId) {
        return pairs.getOrDefault(streamId, List.of());
    }

    void add(String streamId, ProtocolSession session) {
        pairs.computeIfAbsent(streamId, id -> new ArrayList<>(2)).add(session);
        session.peerStreams.add(streamId);
    }

    /** The other peer of {@code session} on {@code streamId}, or null when it is alone or not joined. */
    ProtocolSession partner(String streamId, ProtocolSession session) {
        for (ProtocolSession peer : peers(streamId)) {
            if (peer != session) {
                return peer;
            }
        }
        return null;
    }

    /** Removes a peer; the remaining peer gets {@code stop} so that its SDK closes the peer connection. */
    void remove(String streamId, ProtocolSession session) {
        List<ProtocolSession> peers = pairs.get(streamId);
        session.peerStreams.remove(streamId);
        if (peers == null || !peers.remove(session)) {
            return;
        }
        if (peers.isEmpty()) {
            pairs.remove(streamId);
        } else {
            peers.forEach(peer -> peer.send(Messages.stop(streamId)));
        }
    }

    /** How many P2P stream ids have at least one peer. */
    int size() {
        return pairs.size();
    }
}
