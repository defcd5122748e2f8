package dev.osprey.signaling.protocol;

/** The {@code definition} strings of {@code error} and {@code notification} messages. */
public final class Definitions {

    private Definitions() {
    }

    // Errors defined by Ant Media Server (WebSocketConstants).
    public static final String NO_STREAM_NAME_SPECIFIED = "noStreamNameSpecified";
    public static final String INVALID_STREAM_NAME = "invalidStreamName";
    public static final String STREAM_ID_IN_USE = "streamIdInUse";
    public static final String ALREADY_PUBLISHING = "already_publishing";
    public static final String ALREADY_PLAYING = "already_playing";
    public static final String NO_STREAM_EXIST = "no_stream_exist";
    public static final String NO_ROOM_SPECIFIED = "no_room_specified";
    public static final String NO_ACTIVE_STREAMS_IN_ROOM = "no_active_streams_in_room";
    public static final String NO_PEER_ASSOCIATED_BEFORE = "no_peer_associated_before";
    public static final String WEBRTC_NOT_ENABLED = "webrtc_not_enabled";
    /** {@code acceptOnlyStreamsInDataStore} is on and the published id is not in the data store. */
    public static final String NOT_ALLOWED_UNREGISTERED_STREAMS = "not_allowed_unregistered_streams";
    /** A stream token, subscriber code or auth webhook refused the publish, play or room join. */
    public static final String UNAUTHORIZED_ACCESS = "unauthorized_access";
    /** The TOTP subscriber is blocked for this kind of access. */
    public static final String USER_BLOCKED = "user_blocked";
    /** The broadcast or the application has as many WebRTC viewers as its {@code webRTCViewerLimit}. */
    public static final String VIEWER_LIMIT_REACHED = "viewerLimitReached";
    /** Osprey's: the socket has this many access checks (token lookups, auth webhooks) waiting already. */
    public static final String TOO_MANY_PENDING_REQUESTS = "too_many_pending_requests";
    /** Ant Media's error for an offer it cannot set (here: unparseable, or no codec in common). */
    public static final String NOT_SET_REMOTE_DESCRIPTION = "notSetRemoteDescription";
    public static final String MISSING_PARAMETER = "missingParameter";
    public static final String SERVER_ERROR_CHECK_LOGS = "server_error_check_logs";
    /**
     * Ant Media's error for a publish that did not start within {@code webRTCClientStartTimeoutMs};
     * Osprey sends it when no offer of the publish was accepted in that time, then ends the publish.
     */
    public static final String PUBLISH_TIMEOUT_ERROR = "publishTimeoutError";

    // Errors for input Ant Media Server silently drops; Osprey tells the client what went wrong.
    /** The text frame is not JSON. */
    public static final String INVALID_JSON = "invalid_json";
    /** The text frame is JSON but not an object. */
    public static final String NOT_A_JSON_OBJECT = "not_a_json_object";
    /** The object has no non-empty string {@code command}. */
    public static final String MISSING_COMMAND = "missing_command";
    /** A field has the wrong JSON type; {@code information} names it. */
    public static final String INVALID_FIELD = "invalid_field";
    /** The text frame is longer than {@code SignalingConfig.maxMessageChars()}. */
    public static final String MESSAGE_TOO_LONG = "message_too_long";
    /** A binary frame arrived; the protocol is text only. */
    public static final String BINARY_NOT_SUPPORTED = "binary_not_supported";
    /** The command is not part of the protocol; {@code information} echoes it. */
    public static final String UNKNOWN_COMMAND = "unknown_command";
    /** An Ant Media command that Osprey does not implement yet; {@code information} echoes it. */
    public static final String UNSUPPORTED_COMMAND = "unsupported_command";
    /**
     * A {@code publish}, {@code play}, {@code join} or {@code joinRoom} beyond what one connection may
     * hold at once ({@code SignalingConfig.maxStreamsPerConnection()}); {@code information} says how many.
     */
    public static final String TOO_MANY_STREAMS = "too_many_streams";

    // Notifications.
    public static final String PUBLISH_STARTED = "publish_started";
    public static final String PUBLISH_FINISHED = "publish_finished";
    public static final String PLAY_STARTED = "play_started";
    public static final String PLAY_FINISHED = "play_finished";
    public static final String BITRATE_MEASUREMENT = "bitrateMeasurement";
    public static final String JOINED = "joined";
    public static final String LEAVED = "leaved";
    public static final String JOINED_THE_ROOM = "joinedTheRoom";
    public static final String LEAVED_FROM_ROOM = "leavedFromRoom";
    public static final String STREAM_JOINED = "streamJoined";
    public static final String STREAM_LEAVED = "streamLeaved";
    public static final String SERVER_WILL_STOP = "server_will_stop";
    /** To a publisher that took over the stream of the same id whose media had stopped; its viewers play on. */
    public static final String SESSION_RESTORED = "session_restored";
    public static final String BROADCAST_OBJECT = "broadcastObject";
    public static final String SUBTRACK_LIST = "subtrackList";
    public static final String SUBTRACK_ADDED = "subtrackAdded";
    public static final String SUBTRACK_REMOVED = "subtrackRemoved";
    public static final String SUBTRACK_COUNT = "subtrackCount";
    /** The answer to {@code getVideoTrackAssignmentsCommand} (the SDK hands it to its callback under this name). */
    public static final String VIDEO_TRACK_ASSIGNMENT_LIST = "videoTrackAssignmentList";
}
