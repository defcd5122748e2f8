package dev.osprey.signaling;

import dev.osprey.signaling.media.RoomLeg;
import dev.osprey.signaling.protocol.Command;
import dev.osprey.signaling.protocol.Messages;

import java.util.function.Consumer;

import static dev.osprey.signaling.protocol.Definitions.*;

/**
 * The multitrack commands that steer what this connection's play of a conference room receives
 * ({@code streamId} is the room): {@code enableTrack}, {@code toggleVideo}/{@code toggleAudio} and the
 * video track assignments. They are silent on success, like Ant Media, and answer
 * {@code no_stream_exist} when this socket does not play that room. Runs on the session's thread; the
 * {@link RoomLeg} calls are made under the lock, which they allow (they only queue work).
 */
final class RoomTrackCommands {

    private final ProtocolSession session;

    RoomTrackCommands(ProtocolSession session) {
        this.session = session;
    }

    /** {@code enableTrack{streamId: room, trackId, enabled}}: starts or stops forwarding one participant. */
    void enableTrack(Command command, String streamId) {
        control(command, streamId, (leg, participant, enabled) -> leg.enableParticipant(participant, enabled));
    }

    /** {@code toggleVideo{streamId: room, trackId, enabled}}: one participant's video. */
    void toggleVideo(Command command, String streamId) {
        control(command, streamId, (leg, participant, enabled) -> leg.enableMedia(participant, true, enabled));
    }

    /** {@code toggleAudio{streamId: room, trackId, enabled}}: one participant's audio. */
    void toggleAudio(Command command, String streamId) {
        control(command, streamId, (leg, participant, enabled) -> leg.enableMedia(participant, false, enabled));
    }

    /** What a participant control does to the room leg. */
    private interface ParticipantControl {
        void apply(RoomLeg leg, String participant, boolean enabled);
    }

    /**
     * {@code trackId} names the participant (a bare stream id or the {@code ARDAMSv/a} track id of
     * {@code idMapping}); {@code enabled} defaults to true.
     */
    private void control(Command command, String streamId, ParticipantControl control) {
        String requested = command.text("trackId");
        if (requested == null) {
            session.send(Messages.error(MISSING_PARAMETER, streamId));
            return;
        }
        String trackId = participantOf(requested);
        boolean enabled = command.bool("enabled", true);
        onRoomLeg(streamId, leg -> control.apply(leg, trackId, enabled));
    }

    /**
     * {@code assignVideoTrackCommand{streamId: room, videoTrackId, enabled}}: pins or unpins a participant's
     * video. Ids the play does not receive are ignored.
     */
    void assignVideoTrack(Command command, String streamId) {
        String videoTrackId = command.text("videoTrackId");
        Boolean enabled = command.bool("enabled");
        if (videoTrackId == null || enabled == null) {
            session.send(Messages.error(MISSING_PARAMETER, streamId));
            return;
        }
        String participant = participantOf(videoTrackId);
        onRoomLeg(streamId, leg -> leg.pinVideo(participant, enabled));
    }

    /**
     * {@code updateVideoTrackAssignmentsCommand{streamId: room, offset, size}}: pagination; the participants
     * from {@code offset}, up to {@code size}, get video.
     */
    void updateVideoTrackAssignments(Command command, String streamId) {
        Integer offset = command.integer("offset");
        Integer size = command.integer("size");
        if (offset == null || size == null) {
            session.send(Messages.error(MISSING_PARAMETER, streamId));
            return;
        }
        if (offset < 0 || size < 0) {
            session.send(Messages.error(INVALID_FIELD, streamId,
                    (offset < 0 ? "offset" : "size") + " must not be negative"));
            return;
        }
        onRoomLeg(streamId, leg -> leg.videoPage(offset, size));
    }

    /** {@code getVideoTrackAssignmentsCommand{streamId: room}}: answered with {@code notification/videoTrackAssignmentList}. */
    void getVideoTrackAssignments(Command command, String streamId) {
        onRoomLeg(streamId, RoomLeg::requestVideoAssignments);
    }

    /** {@code setMaxVideoTrackCountCommand{streamId: room, maxTrackCount}}: at most that many videos. */
    void setMaxVideoTrackCount(Command command, String streamId) {
        Integer count = command.integer("maxTrackCount");
        if (count == null) {
            session.send(Messages.error(MISSING_PARAMETER, streamId));
            return;
        }
        onRoomLeg(streamId, leg -> leg.maxVideoTracks(count));
    }

    /** Ant Media's track ids carry an "ARDAMSv"/"ARDAMSa" prefix; the participant is what follows. */
    private static String participantOf(String trackId) {
        return trackId.length() > 7 && trackId.startsWith("ARDAMS")
                && (trackId.charAt(6) == 'v' || trackId.charAt(6) == 'a') ? trackId.substring(7) : trackId;
    }

    /** Runs {@code action} on this socket's play of the room {@code streamId}, else answers {@code no_stream_exist}. */
    private void onRoomLeg(String streamId, Consumer<RoomLeg> action) {
        session.locked(() -> {
            Playback playback = session.playing.get(streamId);
            if (playback != null && playback.media instanceof RoomLeg leg) {
                action.accept(leg);
            } else {
                session.send(Messages.noStreamExist(streamId));
            }
        });
    }
}
