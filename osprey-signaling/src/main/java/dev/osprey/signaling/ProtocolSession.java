package dev.osprey.signaling;

import dev.osprey.signaling.media.MediaEngine;
import dev.osprey.signaling.media.MediaLeg;
import dev.osprey.signaling.media.MediaStart;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static dev.osprey.signaling.protocol.Definitions.*;

/**
 * The protocol state machine of one WebSocket connection: it parses each text frame, checks the
 * command's stream or room id, and hands the command to its family ({@link BroadcastCommands},
 * {@link PeerToPeerCommands}, {@link RoomMembershipCommands}, {@link RoomTrackCommands},
 * {@link StreamDataCommands}). It holds what this connection publishes, plays and joined, and frees
 * all of it on close. Its own methods run on one thread at a time (the server's contract); the
 * connection state below is also touched by other sessions and media callbacks and is therefore
 * guarded by the application lock.
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

    /**
     * Access checks one socket may have waiting (a token lookup, an auth webhook). The SDK waits for
     * each answer; more is a client flooding the webhook receiver or the database through the server.
     */
    static final int MAX_PENDING_ACCESS_CHECKS = 4;

    final ApplicationState state;
    final SignalingConfig config;
    /** Runs the deadlines of this connection's publishes ({@link PublishDeadline}). */
    final SignalingTimer timer;
    /** What this client's publishes are reported as ({@code publishType}: WebRTC, RTMP, SRT). */
    final String publishType;
    /** The client behind this session when it is not a WebSocket, else null. */
    final BridgedClient bridge;
    private final ClientConnection connection;
    /** Tells this connection's TURN user names apart; null when the TURN credentials are static. */
    private final String turnId;
    private final BroadcastCommands broadcasts;
    private final PeerToPeerCommands peerToPeer;
    private final RoomMembershipCommands roomMembership;
    private final RoomTrackCommands roomTracks;
    private final StreamDataCommands streamData;

    // The connection state, guarded by state.lock.
    final Map<String, Publication> publishing = new LinkedHashMap<>();
    final Map<String, Playback> playing = new LinkedHashMap<>();
    final Set<String> peerStreams = new LinkedHashSet<>();
    /** Room → the stream id this socket was given in it. */
    final Map<String, String> rooms = new HashMap<>();
    /** Written under the lock by {@link #onClose}; read by the session's own thread. */
    private volatile boolean closed;

    // Only touched by the session's own thread.
    private int binaryFrames;
    /** Access checks asked and not yet answered; an answer may come on another thread. */
    private final AtomicInteger pendingAccessChecks = new AtomicInteger();

    ProtocolSession(ApplicationState state, SignalingConfig config, MediaEngine engine, ClientConnection connection,
                    SignalingTimer timer, String publishType, BridgedClient bridge) {
        this.state = state;
        this.config = config;
        this.timer = timer;
        this.publishType = publishType;
        this.bridge = bridge;
        this.connection = connection;
        this.turnId = config.turnSharedSecret().isEmpty() ? null : StreamIds.generate();
        this.peerToPeer = new PeerToPeerCommands(this);
        this.broadcasts = new BroadcastCommands(this, config, engine, peerToPeer);
        this.roomMembership = new RoomMembershipCommands(this, config);
        this.roomTracks = new RoomTrackCommands(this);
        this.streamData = new StreamDataCommands(this, engine);
    }

    /** True once {@link #onClose} ran; read it under the lock to know nothing is registered for this socket after. */
    boolean isClosed() {
        return closed;
    }

    /** The client's IP address, without port. */
    String clientAddress() {
        return connection.remoteHost();
    }

    /**
     * Asks the application's access guard, then runs {@code granted} with the lock released on the
     * connection's thread: at once for checks answered from memory, after the connection's current
     * frame for a database lookup or an auth webhook (so a command's continuation keeps its place
     * among the connection's frames). A refusal is answered here with its {@code error}; a guard that
     * fails refuses with {@code unauthorized_access}. {@code granted} must release the decision when
     * it does not keep it (the socket closed or the id got taken meanwhile).
     */
    void checkAccess(AccessRequest request, Consumer<AccessDecision> granted) {
        String id = request.kind() == AccessRequest.Kind.JOIN_ROOM ? request.roomId() : request.streamId();
        if (pendingAccessChecks.incrementAndGet() > MAX_PENDING_ACCESS_CHECKS) {
            pendingAccessChecks.decrementAndGet();
            send(Messages.error(TOO_MANY_PENDING_REQUESTS, id));
            return;
        }
        CompletionStage<AccessDecision> answer;
        try {
            answer = state.guard.check(request);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<AccessDecision> future = answer.toCompletableFuture();
        if (future.isDone()) {
            onAccessDecided(request, id, future, granted); // answered from memory: no hop
        } else {
            future.whenComplete((decision, failure) -> connection.execute(() -> onAccessDecided(request, id, future, granted)));
        }
    }

    private void onAccessDecided(AccessRequest request, String id, CompletableFuture<AccessDecision> answer,
                                 Consumer<AccessDecision> granted) {
        pendingAccessChecks.decrementAndGet();
        AccessDecision decision = answer.exceptionally(failure -> {
            LOG.warn("Access check for {} of {} failed: {}", request.kind().protocolName(), id, failure.toString());
            return null;
        }).join();
        if (decision == null) {
            send(Messages.error(UNAUTHORIZED_ACCESS, id));
        } else if (!decision.isGranted()) {
            send(Messages.error(decision.refusal(), id));
        } else {
            try {
                granted.accept(decision);
            } catch (RuntimeException e) {
                LOG.error("Failed to go on with a granted {} of {}", request.kind().protocolName(), id, e);
                send(Messages.error(SERVER_ERROR_CHECK_LOGS, id));
            }
        }
    }

    /** Sends one message to this client; never blocks, so it may be called under the lock. */
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
                ApplicationState.addLeg(legs, state.endPlayback(playback, false));
            }
            for (String streamId : new ArrayList<>(peerStreams)) {
                state.pairs.remove(streamId, this);
            }
            state.removeSession(this);
        } finally {
            state.lock.unlock();
        }
        legs.forEach(MediaLeg::close);
    }

    private void dispatch(Command command) {
        switch (command.name()) {
            case "ping" -> send(Messages.pong());
            case "getIceServerConfig" -> send(iceServerConfig());
            case "publish" -> withStreamId(command, this::publish);
            case "play" -> withStreamId(command, limited(broadcasts::play, playing::containsKey));
            case "stop" -> withStreamId(command, broadcasts::stop);
            case "takeConfiguration" -> withStreamId(command, broadcasts::takeConfiguration);
            case "takeCandidate" -> withStreamId(command, broadcasts::takeCandidate);
            case "join" -> withStreamId(command, limited(peerToPeer::join, peerStreams::contains));
            case "leave" -> withStreamId(command, peerToPeer::leave);
            case "peerMessageCommand" -> withStreamId(command, peerToPeer::peerMessage);
            case "joinRoom" -> withRoom(command, limited(roomMembership::joinRoom, rooms::containsKey));
            case "leaveFromRoom" -> withRoom(command, roomMembership::leaveFromRoom);
            case "getRoomInfo" -> withRoom(command, roomMembership::getRoomInfo);
            case "enableTrack" -> withStreamId(command, roomTracks::enableTrack);
            case "toggleVideo" -> withStreamId(command, roomTracks::toggleVideo);
            case "toggleAudio" -> withStreamId(command, roomTracks::toggleAudio);
            case "setMaxVideoTrackCountCommand" -> withStreamId(command, roomTracks::setMaxVideoTrackCount);
            case "assignVideoTrackCommand" -> withStreamId(command, roomTracks::assignVideoTrack);
            case "updateVideoTrackAssignmentsCommand" -> withStreamId(command, roomTracks::updateVideoTrackAssignments);
            case "getVideoTrackAssignmentsCommand" -> withStreamId(command, roomTracks::getVideoTrackAssignments);
            case "getStreamInfo" -> withStreamId(command, streamData::getStreamInfo);
            case "getBroadcastObject" -> withStreamId(command, streamData::getBroadcastObject);
            case "getTrackList" -> withStreamId(command, streamData::getTrackList);
            case "getSubtracks" -> withStreamId(command, streamData::getSubtracks);
            case "getSubtracksCount" -> withStreamId(command, streamData::getSubtracksCount);
            case "updateStreamMetaData" -> withStreamId(command, streamData::updateStreamMetaData);
            default -> send(Messages.errorWithInformation(
                    UNSUPPORTED.contains(command.name()) ? UNSUPPORTED_COMMAND : UNKNOWN_COMMAND,
                    truncate(command.name())));
        }
    }

    /**
     * The static TURN user name and password, or, with a shared secret, ones made for this connection
     * that expire {@code turnCredentialTtlSeconds} from now.
     */
    private String iceServerConfig() {
        if (turnId == null) {
            return Messages.iceServerConfig(config.stunServerUri(), config.turnUsername(), config.turnCredential());
        }
        TurnCredentials turn = TurnCredentials.issue(config.turnSharedSecret(), config.turnCredentialTtlSeconds(),
                System.currentTimeMillis() / 1000, turnId);
        return Messages.iceServerConfig(config.stunServerUri(), turn.username(), turn.credential());
    }

    /** A bridged client's live publish of {@code streamId} gets a warning (see {@link BridgedClient#warn}). */
    void warnAboutPublish(String streamId, String warning) {
        locked(() -> {
            Publication publication = publishing.get(streamId);
            if (publication != null && publication.live) {
                state.events.publishWarning(streamId, warning);
            }
        });
    }

    /** A bridged client's granted publish gets its media leg (see {@link BridgedClient#startMedia}). */
    void startBridgedMedia(String streamId, MediaStart start) {
        if (!closed) {
            broadcasts.startMedia(streamId, start);
        }
    }

    /** {@code publish}, once its name fits the data store and the connection may hold another stream. */
    private void publish(Command command, String streamId) {
        String name = command.text("streamName");
        if (name != null && name.length() > StreamIds.MAX_NAME_LENGTH) {
            send(Messages.error(INVALID_STREAM_NAME, streamId,
                    "stream names are limited to " + StreamIds.MAX_NAME_LENGTH + " characters"));
            return;
        }
        limited(broadcasts::publish, publishing::containsKey).handle(command, streamId);
    }

    /**
     * {@code handler}, run only while this connection holds fewer than
     * {@link SignalingConfig#maxStreamsPerConnection()} publishes, plays, P2P joins and rooms, or when
     * {@code alreadyHeld} says the id is one of them (a repeat, which the handler answers itself);
     * otherwise the client gets {@code too_many_streams}. {@code alreadyHeld} is asked under the lock.
     */
    private IdentifiedCommand limited(IdentifiedCommand handler, Predicate<String> alreadyHeld) {
        return (command, id) -> {
            boolean allowed;
            state.lock.lock();
            try {
                allowed = alreadyHeld.test(id)
                        || publishing.size() + playing.size() + peerStreams.size() + rooms.size()
                        < config.maxStreamsPerConnection();
            } finally {
                state.lock.unlock();
            }
            if (allowed) {
                handler.handle(command, id);
            } else {
                send(Messages.error(TOO_MANY_STREAMS, id, "a connection may hold at most "
                        + config.maxStreamsPerConnection() + " publishes, plays, peer-to-peer joins and rooms"));
            }
        };
    }

    /** A command handler that runs once the command named a valid stream or room id. */
    @FunctionalInterface
    private interface IdentifiedCommand {
        void handle(Command command, String id);
    }

    /**
     * Hands the command's {@code streamId} to {@code handler}; without one the client gets
     * {@code noStreamNameSpecified}, with an invalid one {@code invalidStreamName}.
     */
    private void withStreamId(Command command, IdentifiedCommand handler) {
        withId(command, "streamId", NO_STREAM_NAME_SPECIFIED, handler);
    }

    /**
     * Hands the command's {@code room} to {@code handler}; without one the client gets
     * {@code no_room_specified}, with an invalid one {@code invalidStreamName}.
     */
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

    /**
     * Checks an id a command may leave out (publish's {@code mainTrack}, joinRoom's {@code streamId}):
     * false, after answering {@code invalidStreamName}, when it is there but invalid.
     */
    boolean isValidOrAbsent(String id) {
        if (id != null && id.length() > StreamIds.MAX_LENGTH) {
            send(Messages.error(INVALID_STREAM_NAME, id, "ids are limited to " + StreamIds.MAX_LENGTH + " characters"));
            return false;
        }
        if (id != null && !StreamIds.isValid(id)) {
            send(Messages.error(INVALID_STREAM_NAME, id));
            return false;
        }
        return true;
    }

    /** Runs {@code action} under the application's lock; it must not block (sends never do). */
    void locked(Runnable action) {
        state.lock.lock();
        try {
            action.run();
        } finally {
            state.lock.unlock();
        }
    }

    private static String truncate(String text) {
        return text.length() <= MAX_ECHOED_COMMAND_CHARS ? text : text.substring(0, MAX_ECHOED_COMMAND_CHARS) + "...";
    }
}
