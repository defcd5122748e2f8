package dev.osprey.signaling;

import dev.osprey.signaling.media.MediaEngine;
import dev.osprey.signaling.media.MediaLeg;
import dev.osprey.signaling.media.MediaListener;
import dev.osprey.signaling.media.MediaRefusedException;
import dev.osprey.signaling.media.RoomLeg;
import dev.osprey.signaling.media.StreamDetails;
import dev.osprey.signaling.media.VideoAssignment;
import dev.osprey.signaling.protocol.BroadcastInfo;
import dev.osprey.signaling.protocol.Command;
import dev.osprey.signaling.protocol.CommandParser;
import dev.osprey.signaling.protocol.MalformedCommandException;
import dev.osprey.signaling.protocol.Messages;
import dev.osprey.signaling.protocol.StreamIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static dev.osprey.signaling.protocol.Definitions.*;

/**
 * The protocol state machine of one WebSocket connection. Its own methods run on one thread at a time
 * (the server's contract); the fields below are also touched by other sessions and media callbacks and
 * are therefore guarded by the application lock.
 */
final class ProtocolSession implements SignalingSession {

    private static final Logger LOG = LoggerFactory.getLogger(ProtocolSession.class);

    /**
     * Binary frames answered with an error before the connection is closed with 1003 (unsupported
     * data). No Ant Media SDK sends binary frames, so a handful is a client bug and more is a flood.
     */
    static final int BINARY_FRAMES_BEFORE_CLOSE = 16;

    /** Ant Media commands recognised but not implemented: answered with {@code unsupported_command}. */
    private static final Set<String> UNSUPPORTED = Set.of(
            "forceStreamQuality", "getSubscriberCount",
            "getSubscribers", "getDebugInfo",
            "registerPushNotificationToken", "sendPushNotification");

    private static final int MAX_ECHOED_COMMAND_CHARS = 64;

    private final ApplicationState state;
    private final SignalingConfig config;
    private final MediaEngine engine;
    private final ClientConnection connection;

    // Guarded by state.lock.
    final Map<String, Publication> publishing = new LinkedHashMap<>();
    final Map<String, Playback> playing = new LinkedHashMap<>();
    final Set<String> peerStreams = new LinkedHashSet<>();
    /** Room → the stream id this socket was given in it. */
    final Map<String, String> rooms = new HashMap<>();
    /** Written under the lock by {@link #onClose}; read by the session's own thread. */
    private volatile boolean closed;

    // Only touched by the session's own thread.
    private int binaryFrames;

    ProtocolSession(ApplicationState state, SignalingConfig config, MediaEngine engine, ClientConnection connection) {
        this.state = state;
        this.config = config;
        this.engine = engine;
        this.connection = connection;
    }

    void send(String text) {
        connection.send(text);
    }

    @Override
    public void onText(String text) {
        if (closed) {
            return;
        }
        if (text.length() > config.maxMessageChars()) {
            send(Messages.errorWithInformation(MESSAGE_TOO_LONG,
                    "text messages are limited to " + config.maxMessageChars() + " characters"));
            return;
        }
        try {
            dispatch(CommandParser.parse(text));
        } catch (MalformedCommandException e) {
            LOG.debug("Malformed message from {}: {}", connection.remoteAddress(), e.getMessage());
            send(Messages.errorWithInformation(e.definition(), e.information()));
        } catch (RuntimeException e) {
            // A bug of ours, not a client mistake: the client is told and the connection stays usable.
            LOG.error("Failed to handle a message from {}", connection.remoteAddress(), e);
            send(Messages.error(SERVER_ERROR_CHECK_LOGS));
        }
    }

    @Override
    public void onBinary(int length) {
        if (closed) {
            return;
        }
        binaryFrames++;
        if (binaryFrames > BINARY_FRAMES_BEFORE_CLOSE) {
            connection.close((short) 1003, "binary frames are not supported");
            return;
        }
        send(Messages.errorWithInformation(BINARY_NOT_SUPPORTED, "the protocol uses JSON text frames only"));
    }

    @Override
    public void onClose() {
        List<MediaLeg> legs = new ArrayList<>();
        state.lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (String room : new ArrayList<>(rooms.keySet())) {
                legs.addAll(state.removeMember(room, this, false));
            }
            for (Publication publication : new ArrayList<>(publishing.values())) {
                legs.addAll(state.endPublication(publication, false));
            }
            for (Playback playback : new ArrayList<>(playing.values())) {
                addLeg(legs, state.endPlayback(playback, false));
            }
            for (String streamId : new ArrayList<>(peerStreams)) {
                state.removePeer(streamId, this);
            }
            state.removeSession(this);
        } finally {
            state.lock.unlock();
        }
        close(legs);
    }

    private void dispatch(Command command) {
        switch (command.name()) {
            case "ping" -> send(Messages.pong());
            case "getIceServerConfig" -> send(Messages.iceServerConfig(
                    config.stunServerUri(), config.turnUsername(), config.turnCredential()));
            case "publish" -> withStreamId(command, this::publish);
            case "play" -> withStreamId(command, this::play);
            case "stop" -> withStreamId(command, this::stop);
            case "takeConfiguration" -> withStreamId(command, this::takeConfiguration);
            case "takeCandidate" -> withStreamId(command, this::takeCandidate);
            case "join" -> withStreamId(command, this::join);
            case "leave" -> withStreamId(command, this::leave);
            case "peerMessageCommand" -> withStreamId(command, this::peerMessage);
            case "joinRoom" -> withRoom(command, this::joinRoom);
            case "leaveFromRoom" -> withRoom(command, this::leaveFromRoom);
            case "getRoomInfo" -> withRoom(command, this::getRoomInfo);
            case "getStreamInfo" -> withStreamId(command, this::getStreamInfo);
            case "getBroadcastObject" -> withStreamId(command, this::getBroadcastObject);
            case "getTrackList" -> withStreamId(command, this::getTrackList);
            case "getSubtracks" -> withStreamId(command, this::getSubtracks);
            case "getSubtracksCount" -> withStreamId(command, this::getSubtracksCount);
            case "updateStreamMetaData" -> withStreamId(command, this::updateStreamMetaData);
            case "enableTrack" -> withStreamId(command, (c, id) -> roomControl(c, id,
                    (leg, track, on) -> leg.enableParticipant(track, on)));
            case "toggleVideo" -> withStreamId(command, (c, id) -> roomControl(c, id,
                    (leg, track, on) -> leg.enableMedia(track, true, on)));
            case "toggleAudio" -> withStreamId(command, (c, id) -> roomControl(c, id,
                    (leg, track, on) -> leg.enableMedia(track, false, on)));
            case "setMaxVideoTrackCountCommand" -> withStreamId(command, this::setMaxVideoTrackCount);
            case "assignVideoTrackCommand" -> withStreamId(command, this::assignVideoTrack);
            case "updateVideoTrackAssignmentsCommand" -> withStreamId(command, this::updateVideoTrackAssignments);
            case "getVideoTrackAssignmentsCommand" -> withStreamId(command, this::getVideoTrackAssignments);
            default -> send(Messages.errorWithInformation(
                    UNSUPPORTED.contains(command.name()) ? UNSUPPORTED_COMMAND : UNKNOWN_COMMAND,
                    truncate(command.name())));
        }
    }

    /** Runs {@code action} under the application's lock; it must not block (sends never do). */
    private void locked(Runnable action) {
        state.lock.lock();
        try {
            action.run();
        } finally {
            state.lock.unlock();
        }
    }

    /** A command handler that runs once the command named a valid stream or room id. */
    @FunctionalInterface
    private interface IdentifiedCommand {
        void handle(Command command, String id);
    }

    /** Hands the command's {@code streamId} to {@code handler}, or answers {@code noStreamNameSpecified}/{@code invalidStreamName}. */
    private void withStreamId(Command command, IdentifiedCommand handler) {
        withId(command, "streamId", NO_STREAM_NAME_SPECIFIED, handler);
    }

    /** Hands the command's {@code room} to {@code handler}, or answers {@code no_room_specified}/{@code invalidStreamName}. */
    private void withRoom(Command command, IdentifiedCommand handler) {
        withId(command, "room", NO_ROOM_SPECIFIED, handler);
    }

    private void withId(Command command, String field, String definitionWhenMissing, IdentifiedCommand handler) {
        String id = command.text(field);
        if (id == null) {
            send(Messages.error(definitionWhenMissing));
        } else if (isValidOrAbsent(id)) {
            handler.handle(command, id);
        }
    }

    /** For an id a command may leave out: false after answering {@code invalidStreamName} when it is there but invalid. */
    private boolean isValidOrAbsent(String id) {
        if (id != null && !StreamIds.isValid(id)) {
            send(Messages.error(INVALID_STREAM_NAME, id));
            return false;
        }
        return true;
    }

    // ---- publish / play / stop

    private void publish(Command command, String streamId) {
        String name = command.text("streamName");
        String role = command.text("role");
        String metaData = command.freeText("metaData", "metadata");
        String mainTrack = command.text("mainTrack");
        boolean video = command.bool(true, "video", "enableVideo", "enablevideo");
        boolean audio = command.bool(true, "audio", "enableAudio", "enableaudio");
        if (!isValidOrAbsent(mainTrack)) {
            return;
        }
        MediaLeg replaced = null;
        state.lock.lock();
        try {
            if (publishing.containsKey(streamId)) {
                send(Messages.error(ALREADY_PUBLISHING, streamId));
                return;
            }
            Publication existing = state.publication(streamId);
            // The old publisher's media stopped (its socket dropped, its close not seen yet): the stream
            // goes to the one that reconnected with the same id, and its players stay for it.
            boolean takeOver = existing != null && existing.owner != this && isStale(existing);
            if ((existing != null && !takeOver) || state.memberIdTakenByOther(streamId, this)) {
                send(Messages.error(STREAM_ID_IN_USE, streamId));
                return;
            }
            if (!state.authorizer.mayPublish(streamId)) {
                send(Messages.error(NOT_ALLOWED_UNREGISTERED_STREAMS, streamId));
                return;
            }
            if (takeOver) {
                LOG.debug("{}: a new publisher takes over the stale stream", streamId);
                replaced = state.takeOver(existing);
            }
            Publication publication = new Publication(streamId, this, name == null ? streamId : name,
                    role == null ? "" : role, mainTrack != null ? mainTrack : roomWhereMemberIdIs(streamId),
                    metaData, video, audio, System.currentTimeMillis());
            publishing.put(streamId, publication);
            send(Messages.start(streamId));
            state.addPublication(publication);
        } finally {
            state.lock.unlock();
            if (replaced != null) {
                replaced.closeForTakeover();
            }
        }
    }

    /** A live publication whose media stopped flowing; requires the lock. */
    private static boolean isStale(Publication publication) {
        return publication.live && publication.media != null && !publication.media.receivingMedia();
    }

    /** A participant that publishes the id {@code joinRoom} gave it publishes into that room. */
    private String roomWhereMemberIdIs(String streamId) {
        for (Map.Entry<String, String> entry : rooms.entrySet()) {
            if (entry.getValue().equals(streamId)) {
                return entry.getKey();
            }
        }
        return null;
    }

    private void play(Command command, String streamId) {
        List<String> trackList = command.textList("trackList");
        Playback playback;
        List<String> participants = null;
        state.lock.lock();
        try {
            if (playing.containsKey(streamId)) {
                send(Messages.error(ALREADY_PLAYING, streamId));
                return;
            }
            // A room (main track) is played as a whole as soon as anyone is in it: the connection
            // comes up with no participant yet and the engine re-offers as they go live.
            boolean room = state.publication(streamId) == null && state.room(streamId) != null;
            if (!room && !state.isLive(streamId)) {
                send(Messages.noStreamExist(streamId));
                return;
            }
            playback = room
                    ? new Playback(streamId, this, RoomSelection.of(trackList, command.text("userPublishId")))
                    : new Playback(streamId, this);
            state.addPlayback(playback);
            if (room) {
                participants = state.participants(streamId, playback);
            }
        } finally {
            state.lock.unlock();
        }
        MediaLeg leg;
        try {
            leg = participants != null
                    ? engine.playRoom(streamId, participants, config.maxVideoTrackCount(), new ViewerListener(playback))
                    : engine.play(streamId, trackList, new ViewerListener(playback));
        } catch (MediaRefusedException e) {
            locked(() -> state.endPlayback(playback, false));
            if (NO_STREAM_EXIST.equals(e.definition())) {
                send(Messages.noStreamExist(streamId));
            } else {
                send(Messages.error(e.definition(), streamId, e.information()));
            }
            return;
        }
        attach(playback, leg);
    }

    private void attach(Playback playback, MediaLeg leg) {
        state.lock.lock();
        try {
            if (playing.get(playback.streamId) == playback && playback.media == null) {
                playback.media = leg;
                if (leg instanceof RoomLeg roomLeg) {
                    // participants that went live or left while the engine was being asked
                    roomLeg.participants(state.participants(playback.streamId, playback));
                }
                return;
            }
        } finally {
            state.lock.unlock();
        }
        leg.close();
    }

    /** Stops this socket's publish or play of the id; harmless (no answer) when there is none. */
    private void stop(Command command, String streamId) {
        List<MediaLeg> legs = new ArrayList<>();
        locked(() -> {
            Publication publication = publishing.get(streamId);
            if (publication != null) {
                legs.addAll(state.endPublication(publication, true));
            }
            Playback playback = playing.get(streamId);
            if (playback != null) {
                addLeg(legs, state.endPlayback(playback, true));
            }
        });
        close(legs);
    }

    // ---- SDP and candidates

    /**
     * Routes {@code takeConfiguration}: to the media engine for this socket's publish or play, to the
     * partner for a P2P stream. Anything else is answered like Ant Media's P2P path,
     * {@code no_peer_associated_before}, since the server cannot tell what the client meant.
     */
    private void takeConfiguration(Command command, String streamId) {
        Publication publication;
        MediaLeg leg;
        state.lock.lock();
        try {
            publication = publishing.get(streamId);
            Playback playback = playing.get(streamId);
            if (publication == null && playback == null) {
                relayToPartner(streamId, command);
                return;
            }
            leg = publication != null ? publication.media : playback.media;
        } finally {
            state.lock.unlock();
        }
        String type = command.text("type");
        String sdp = command.text("sdp");
        if (type == null || sdp == null) {
            send(Messages.error(MISSING_PARAMETER, streamId));
            return;
        }
        if (leg != null) {
            leg.remoteDescription(type, sdp);
        } else if (publication != null && type.equals("offer")) {
            startPublishMedia(publication, sdp);
        }
        // A viewer's answer before the engine's offer is attached cannot apply to anything: dropped.
    }

    private void startPublishMedia(Publication publication, String offerSdp) {
        MediaLeg leg;
        try {
            leg = engine.publish(publication.streamId, offerSdp, publication.video, publication.audio,
                    new PublisherListener(publication));
        } catch (MediaRefusedException e) {
            // The publish stays registered: the SDK's watchdog sends stop and publishes again.
            send(Messages.error(e.definition(), publication.streamId, e.information()));
            return;
        }
        state.lock.lock();
        try {
            if (publishing.get(publication.streamId) == publication && publication.media == null) {
                publication.media = leg;
                return;
            }
        } finally {
            state.lock.unlock();
        }
        leg.close();
    }

    private void takeCandidate(Command command, String streamId) {
        MediaLeg leg;
        state.lock.lock();
        try {
            Publication publication = publishing.get(streamId);
            Playback playback = playing.get(streamId);
            if (publication == null && playback == null) {
                relayToPartner(streamId, command);
                return;
            }
            leg = publication != null ? publication.media : playback.media;
        } finally {
            state.lock.unlock();
        }
        Integer label = command.integer("label");
        String mid = command.text("id");
        String candidate = command.text("candidate");
        // Candidates for a publish the engine refused (or has not answered yet) have nowhere to go.
        if (leg != null) {
            leg.remoteCandidate(label, mid, candidate == null ? "" : candidate);
        }
    }

    // ---- peer to peer

    /**
     * {@code join}: the first peer waits; when the second joins, the first gets {@code start} and
     * makes the offer. A pair holds two peers: a third socket gets {@code streamIdInUse}, the error
     * Ant Media uses for an id already taken by active clients. Joining again is acknowledged again.
     */
    private void join(Command command, String streamId) {
        state.lock.lock();
        try {
            if (peerStreams.contains(streamId)) {
                send(Messages.notification(JOINED, streamId));
                return;
            }
            List<ProtocolSession> peers = state.peers(streamId);
            if (peers.size() >= 2) {
                send(Messages.error(STREAM_ID_IN_USE, streamId));
                return;
            }
            state.addPeer(streamId, this);
            send(Messages.notification(JOINED, streamId));
            peers = state.peers(streamId);
            if (peers.size() == 2) {
                peers.get(0).send(Messages.start(streamId));
            }
        } finally {
            state.lock.unlock();
        }
    }

    /** {@code leave}: always acknowledged with {@code leaved}; a remaining partner gets {@code stop}. */
    private void leave(Command command, String streamId) {
        locked(() -> {
            if (peerStreams.contains(streamId)) {
                state.removePeer(streamId, this);
            }
            send(Messages.notification(LEAVED, streamId));
        });
    }

    private void peerMessage(Command command, String streamId) {
        locked(() -> relayToPartner(streamId, command));
    }

    /** Forwards the message unchanged to the other peer; requires the lock. */
    private void relayToPartner(String streamId, Command command) {
        ProtocolSession partner = peerStreams.contains(streamId) ? state.partner(streamId, this) : null;
        if (partner == null) {
            send(Messages.error(NO_PEER_ASSOCIATED_BEFORE, streamId));
            return;
        }
        partner.send(Messages.relay(command.json()));
    }

    // ---- conference rooms

    private void joinRoom(Command command, String room) {
        String requested = command.text("streamId");
        if (!isValidOrAbsent(requested)) {
            return;
        }
        state.lock.lock();
        try {
            if (requested != null && state.streamIdTakenByOther(requested, this)) {
                send(Messages.error(STREAM_ID_IN_USE, requested));
                return;
            }
            String memberId = requested != null ? requested : state.freshStreamId();
            state.addMember(room, this, memberId);
            send(Messages.joinedTheRoom(memberId, room, state.roomStreams(room, memberId),
                    config.maxVideoTrackCount()));
        } finally {
            state.lock.unlock();
        }
    }

    /** Leaving a room ends this socket's streams in it (others get {@code streamLeaved}); always acknowledged. */
    private void leaveFromRoom(Command command, String room) {
        List<MediaLeg> legs;
        state.lock.lock();
        try {
            legs = state.removeMember(room, this, true);
            send(Messages.leavedFromRoom(room));
        } finally {
            state.lock.unlock();
        }
        close(legs);
    }

    /** {@code roomInformation} for a room that has members or streams, else {@code no_active_streams_in_room}. */
    private void getRoomInfo(Command command, String room) {
        String ownId = command.text("streamId");
        locked(() -> {
            if (state.room(room) == null) {
                send(Messages.noActiveStreamsInRoom(room));
            } else {
                send(Messages.roomInformation(room, state.roomStreams(room, ownId)));
            }
        });
    }

    /** What a room-control command does to the room leg: participant id, enabled. */
    private interface RoomControl {
        void apply(RoomLeg leg, String participant, boolean enabled);
    }

    /**
     * {@code enableTrack}, {@code toggleVideo}, {@code toggleAudio} on this socket's play of a room:
     * {@code trackId} names the participant (a bare stream id or the {@code ARDAMSv/a} track id of
     * {@code idMapping}). Silent on success, like Ant Media; {@code no_stream_exist} when this socket
     * does not play that room.
     */
    private void roomControl(Command command, String streamId, RoomControl control) {
        String requested = command.text("trackId");
        if (requested == null) {
            send(Messages.error(MISSING_PARAMETER, streamId));
            return;
        }
        String trackId = participantOf(requested);
        boolean enabled = command.bool("enabled", true);
        onRoomLeg(streamId, leg -> control.apply(leg, trackId, enabled));
    }

    /** Ant Media's track ids carry an "ARDAMSv"/"ARDAMSa" prefix; the participant is what follows. */
    private static String participantOf(String trackId) {
        return trackId.length() > 7 && trackId.startsWith("ARDAMS")
                && (trackId.charAt(6) == 'v' || trackId.charAt(6) == 'a') ? trackId.substring(7) : trackId;
    }

    /** Runs {@code action} on this socket's play of the room {@code streamId}, else answers {@code no_stream_exist}. */
    private void onRoomLeg(String streamId, Consumer<RoomLeg> action) {
        locked(() -> {
            Playback playback = playing.get(streamId);
            if (playback != null && playback.media instanceof RoomLeg leg) {
                action.accept(leg);
            } else {
                send(Messages.noStreamExist(streamId));
            }
        });
    }

    /**
     * {@code assignVideoTrackCommand{streamId: room, videoTrackId, enabled}}: pins or unpins a participant's
     * video on this socket's play of the room. Silent on success; ids the play does not receive are ignored.
     */
    private void assignVideoTrack(Command command, String streamId) {
        String videoTrackId = command.text("videoTrackId");
        Boolean enabled = command.bool("enabled");
        if (videoTrackId == null || enabled == null) {
            send(Messages.error(MISSING_PARAMETER, streamId));
            return;
        }
        String participant = participantOf(videoTrackId);
        onRoomLeg(streamId, leg -> leg.pinVideo(participant, enabled));
    }

    /**
     * {@code updateVideoTrackAssignmentsCommand{streamId: room, offset, size}}: pagination; the participants
     * from {@code offset}, up to {@code size}, get video. Silent on success.
     */
    private void updateVideoTrackAssignments(Command command, String streamId) {
        Integer offset = command.integer("offset");
        Integer size = command.integer("size");
        if (offset == null || size == null) {
            send(Messages.error(MISSING_PARAMETER, streamId));
            return;
        }
        if (offset < 0 || size < 0) {
            send(Messages.error(INVALID_FIELD, streamId, (offset < 0 ? "offset" : "size") + " must not be negative"));
            return;
        }
        onRoomLeg(streamId, leg -> leg.videoPage(offset, size));
    }

    /** {@code getVideoTrackAssignmentsCommand{streamId: room}}: answered with {@code notification/videoTrackAssignmentList}. */
    private void getVideoTrackAssignments(Command command, String streamId) {
        onRoomLeg(streamId, RoomLeg::requestVideoAssignments);
    }

    /** {@code setMaxVideoTrackCountCommand}: at most {@code maxTrackCount} videos on this socket's play of a room. */
    private void setMaxVideoTrackCount(Command command, String streamId) {
        Integer count = command.integer("maxTrackCount");
        if (count == null) {
            send(Messages.error(MISSING_PARAMETER, streamId));
            return;
        }
        onRoomLeg(streamId, leg -> leg.maxVideoTracks(count));
    }

    // ---- stream queries

    private void getStreamInfo(Command command, String streamId) {
        boolean live;
        state.lock.lock();
        try {
            live = state.isLive(streamId);
        } finally {
            state.lock.unlock();
        }
        StreamDetails details = live ? engine.streamInfo(streamId) : null;
        if (!live) {
            send(Messages.noStreamExist(streamId));
        } else if (details == null) {
            send(Messages.streamInformation(streamId));
        } else {
            send(Messages.streamInformation(streamId, details.width(), details.height(), details.videoBitrate(),
                    details.audioBitrate(), details.videoCodec()));
        }
    }

    private void getBroadcastObject(Command command, String streamId) {
        locked(() -> {
            Publication publication = state.publication(streamId);
            Room room = state.room(streamId);
            if (publication != null) {
                send(Messages.broadcastObject(state.broadcastOf(publication)));
            } else if (room != null) {
                send(Messages.broadcastObject(state.broadcastOf(room)));
            } else {
                send(Messages.noStreamExist(streamId));
            }
        });
    }

    /** A room's track list is its participants' stream ids; a plain stream has no subtracks. */
    private void getTrackList(Command command, String streamId) {
        locked(() -> {
            Room room = state.room(streamId);
            if (room != null) {
                send(Messages.trackList(streamId, new ArrayList<>(room.streams.keySet())));
            } else if (state.publication(streamId) != null) {
                send(Messages.trackList(streamId, List.of()));
            } else {
                send(Messages.noStreamExist(streamId));
            }
        });
    }

    /** The participants of a room as Broadcast JSON strings, filtered by {@code role}, paged by {@code offset}/{@code size}. */
    private void getSubtracks(Command command, String streamId) {
        String role = command.text("role");
        int offset = Math.max(0, command.integer("offset", 0));
        int size = command.integer("size", Integer.MAX_VALUE);
        locked(() -> {
            List<BroadcastInfo> page = subtracks(streamId, role, null).stream()
                    .skip(offset).limit(Math.max(0, size)).toList();
            send(Messages.subtrackList(streamId, page));
        });
    }

    private void getSubtracksCount(Command command, String streamId) {
        String role = command.text("role");
        String status = command.text("status");
        locked(() -> send(Messages.subtrackCount(streamId, subtracks(streamId, role, status).size())));
    }

    /** Requires the lock. */
    private List<BroadcastInfo> subtracks(String roomName, String role, String status) {
        Room room = state.room(roomName);
        List<BroadcastInfo> out = new ArrayList<>();
        if (room == null) {
            return out;
        }
        for (Publication publication : room.streams.values()) {
            BroadcastInfo info = state.broadcastOf(publication);
            if ((role == null || role.equals(info.role())) && (status == null || status.equals(info.status()))) {
                out.add(info);
            }
        }
        return out;
    }

    /** Replaces a registered stream's {@code metaData}; silent on success like Ant Media. */
    private void updateStreamMetaData(Command command, String streamId) {
        String metaData = command.freeText("metaData", "metadata");
        locked(() -> {
            Publication publication = state.publication(streamId);
            if (publication == null) {
                send(Messages.noStreamExist(streamId));
            } else {
                publication.metaData = metaData;
            }
        });
    }

    // ---- media engine callbacks

    /** Media events of this socket's publish; ignored once that publish has ended. */
    private final class PublisherListener implements MediaListener {

        private final Publication publication;

        PublisherListener(Publication publication) {
            this.publication = publication;
        }

        private boolean current() {
            return publishing.get(publication.streamId) == publication;
        }

        @Override
        public void localDescription(String type, String sdp, Map<String, String> idMapping) {
            sendIfCurrent(Messages.takeConfiguration(publication.streamId, type, sdp, idMapping));
        }

        @Override
        public void localCandidate(int label, String mid, String candidate) {
            sendIfCurrent(Messages.takeCandidate(publication.streamId, label, mid, candidate));
        }

        @Override
        public void started() {
            locked(() -> {
                if (current() && !publication.live) {
                    publication.live = true;
                    publication.startTime = System.currentTimeMillis();
                    send(Messages.notification(PUBLISH_STARTED, publication.streamId));
                    if (publication.restored) {
                        send(Messages.notification(SESSION_RESTORED, publication.streamId));
                    }
                    state.events.publishStarted(publication.streamId, publication.name, publication.metaData);
                    state.publicationLive(publication);
                }
            });
        }

        @Override
        public void streamRestored() {
            locked(() -> {
                if (current() && !publication.restored) {
                    publication.restored = true;
                    if (publication.live) {
                        send(Messages.notification(SESSION_RESTORED, publication.streamId));
                    }
                }
            });
        }

        @Override
        public void renegotiationFailed(String information) {
            sendIfCurrent(Messages.error(NOT_SET_REMOTE_DESCRIPTION, publication.streamId, information));
        }

        @Override
        public void ended() {
            List<MediaLeg> legs;
            state.lock.lock();
            try {
                legs = state.endPublication(publication, true);
            } finally {
                state.lock.unlock();
            }
            close(legs);
        }

        private void sendIfCurrent(String message) {
            locked(() -> {
                if (current()) {
                    send(message);
                }
            });
        }
    }

    /** Media events of one of this socket's plays; ignored once that play has ended. */
    private final class ViewerListener implements MediaListener {

        private final Playback playback;

        ViewerListener(Playback playback) {
            this.playback = playback;
        }

        @Override
        public void localDescription(String type, String sdp, Map<String, String> idMapping) {
            sendIfCurrent(Messages.takeConfiguration(playback.streamId, type, sdp, idMapping));
        }

        @Override
        public void localCandidate(int label, String mid, String candidate) {
            sendIfCurrent(Messages.takeCandidate(playback.streamId, label, mid, candidate));
        }

        @Override
        public void started() {
            locked(() -> {
                if (playing.get(playback.streamId) == playback && !playback.started) {
                    playback.started = true;
                    send(Messages.notification(PLAY_STARTED, playback.streamId));
                    state.events.playStarted(playback.streamId);
                }
            });
        }

        @Override
        public void bitrateMeasurement(long targetBitrate, long videoBitrate, long audioBitrate) {
            sendIfCurrent(Messages.bitrateMeasurement(playback.streamId, targetBitrate, videoBitrate, audioBitrate));
        }

        @Override
        public void videoTrackAssignments(List<VideoAssignment> assignments) {
            sendIfCurrent(Messages.videoTrackAssignmentList(playback.streamId, assignments));
        }

        @Override
        public void ended() {
            MediaLeg leg;
            state.lock.lock();
            try {
                leg = state.endPlayback(playback, true);
            } finally {
                state.lock.unlock();
            }
            if (leg != null) {
                leg.close();
            }
        }

        private void sendIfCurrent(String message) {
            locked(() -> {
                if (playing.get(playback.streamId) == playback) {
                    send(message);
                }
            });
        }
    }

    private static void addLeg(List<MediaLeg> legs, MediaLeg leg) {
        if (leg != null) {
            legs.add(leg);
        }
    }

    private static void close(List<MediaLeg> legs) {
        legs.forEach(MediaLeg::close);
    }

    private static String truncate(String text) {
        return text.length() <= MAX_ECHOED_COMMAND_CHARS ? text : text.substring(0, MAX_ECHOED_COMMAND_CHARS) + "...";
    }
}
