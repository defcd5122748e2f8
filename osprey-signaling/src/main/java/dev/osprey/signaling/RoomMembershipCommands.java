package dev.osprey.signaling;

import dev.osprey.signaling.media.MediaLeg;
import dev.osprey.signaling.protocol.Command;
import dev.osprey.signaling.protocol.Messages;

import java.util.List;

import static dev.osprey.signaling.protocol.Definitions.*;

/**
 * One connection's conference membership: {@code joinRoom}, {@code leaveFromRoom} and
 * {@code getRoomInfo}. A member publishes into the room with {@code publish} and receives it with
 * {@code play} of the room id ({@link BroadcastCommands}); what that play receives is steered by
 * {@link RoomTrackCommands}. Runs on the session's thread; never calls the media engine.
 */
final class RoomMembershipCommands {

    private final ProtocolSession session;
    private final ApplicationState state;
    private final SignalingConfig config;

    RoomMembershipCommands(ProtocolSession session, SignalingConfig config) {
        this.session = session;
        this.state = session.state;
        this.config = config;
    }

    /**
     * Joins with the requested {@code streamId} (when no other socket uses it) or a fresh one, once
     * the access guard lets the client into the room; answers {@code joinedTheRoom}. Membership holds
     * no guarded resource: what the guard granted is released at once.
     */
    void joinRoom(Command command, String room) {
        String requested = command.text("streamId");
        if (!session.isValidOrAbsent(requested) || memberIdRefused(requested)) {
            return;
        }
        AccessRequest request = new AccessRequest(AccessRequest.Kind.JOIN_ROOM, requested, room, command.text("token"),
                command.text("subscriberId"), command.text("subscriberCode"), session.clientAddress(),
                command.text("streamName"), command.freeText("metaData", "metadata"));
        session.checkAccess(request, access -> {
            access.release().run();
            state.lock.lock();
            try {
                if (session.isClosed() || memberIdRefused(requested)) {
                    return;
                }
                String memberId = requested != null ? requested : state.freshStreamId();
                state.addMember(room, session, memberId);
                session.send(Messages.joinedTheRoom(memberId, room, state.roomStreams(room, memberId),
                        config.maxVideoTrackCount()));
            } finally {
                state.lock.unlock();
            }
        });
    }

    /** True, after answering {@code streamIdInUse}, when another socket uses the requested member id. */
    private boolean memberIdRefused(String requested) {
        state.lock.lock();
        try {
            if (requested != null && state.streamIdTakenByOther(requested, session)) {
                session.send(Messages.error(STREAM_ID_IN_USE, requested));
                return true;
            }
            return false;
        } finally {
            state.lock.unlock();
        }
    }

    /** Leaving a room ends this socket's streams in it (others get {@code streamLeaved}); always acknowledged. */
    void leaveFromRoom(Command command, String room) {
        List<MediaLeg> legs;
        state.lock.lock();
        try {
            legs = state.removeMember(room, session, true);
            session.send(Messages.leavedFromRoom(room));
        } finally {
            state.lock.unlock();
        }
        legs.forEach(MediaLeg::close);
    }

    /** {@code roomInformation} for a room that has members or streams, else {@code no_active_streams_in_room}. */
    void getRoomInfo(Command command, String room) {
        String ownId = command.text("streamId");
        session.locked(() -> {
            if (state.room(room) == null) {
                session.send(Messages.noActiveStreamsInRoom(room));
            } else {
                session.send(Messages.roomInformation(room, state.roomStreams(room, ownId)));
            }
        });
    }
}
