package dev.osprey.signaling;

import dev.osprey.signaling.protocol.Command;
import dev.osprey.signaling.protocol.Messages;

import java.util.List;

import static dev.osprey.signaling.protocol.Definitions.*;

/**
 * One connection's peer-to-peer commands: {@code join} and {@code leave} of a P2P stream id, and the
 * relay of {@code peerMessageCommand} (and of the SDP and candidates {@link BroadcastCommands} does
 * not route to the media engine) to the other peer. Runs on the session's thread; never calls the
 * media engine.
 */
final class PeerToPeerCommands {

    private final ProtocolSession session;
    private final ApplicationState state;

    PeerToPeerCommands(ProtocolSession session) {
        this.session = session;
        this.state = session.state;
    }

    /**
     * {@code join}: the first peer waits; when the second joins, the first gets {@code start} and
     * makes the offer. A pair holds two peers: a third socket gets {@code streamIdInUse}, the error
     * Ant Media uses for an id already taken by active clients. Joining again is acknowledged again.
     */
    void join(Command command, String streamId) {
        state.lock.lock();
        try {
            if (session.peerStreams.contains(streamId)) {
                session.send(Messages.notification(JOINED, streamId));
                return;
            }
            List<ProtocolSession> peers = state.pairs.peers(streamId);
            if (peers.size() >= 2) {
                session.send(Messages.error(STREAM_ID_IN_USE, streamId));
                return;
            }
            state.pairs.add(streamId, session);
            session.send(Messages.notification(JOINED, streamId));
            peers = state.pairs.peers(streamId);
            if (peers.size() == 2) {
                peers.get(0).send(Messages.start(streamId));
            }
        } finally {
            state.lock.unlock();
        }
    }

    /** {@code leave}: always acknowledged with {@code leaved}; a remaining partner gets {@code stop}. */
    void leave(Command command, String streamId) {
        session.locked(() -> {
            if (session.peerStreams.contains(streamId)) {
                state.pairs.remove(streamId, session);
            }
            session.send(Messages.notification(LEAVED, streamId));
        });
    }

    void peerMessage(Command command, String streamId) {
        session.locked(() -> relayToPartner(streamId, command));
    }

    /** Forwards the message unchanged to the other peer, else answers {@code no_peer_associated_before}; requires the lock. */
    void relayToPartner(String streamId, Command command) {
        ProtocolSession partner = session.peerStreams.contains(streamId)
                ? state.pairs.partner(streamId, session) : null;
        if (partner == null) {
            session.send(Messages.error(NO_PEER_ASSOCIATED_BEFORE, streamId));
            return;
        }
        partner.send(Messages.relay(command.json()));
    }
}
