package dev.osprey.signaling;

/**
 * Per-application signalling settings.
 *
 * @param stunServerUri      handed to clients in {@code iceServerConfig} ("stun:..." or "turn:...")
 * @param turnUsername       TURN user name for {@code iceServerConfig}, "" when none
 * @param turnCredential     TURN password for {@code iceServerConfig}, "" when none
 * @param maxMessageChars    text messages longer than this are refused with an error (AMS: 81,920)
 * @param maxVideoTrackCount conference video tracks per viewer, reported as {@code maxTrackCount} in
 *                           {@code joinedTheRoom} (AMS setting {@code maxVideoTrackCount}, default 6)
 * @param publishTimeoutMs   a publish whose offer has not been accepted by then ends with
 *                           {@code publishTimeoutError} (AMS setting {@code webRTCClientStartTimeoutMs})
 * @param maxStreamsPerConnection publishes, plays, P2P joins and rooms one connection may hold at once;
 *                           one more is refused with {@code too_many_streams}
 * @param turnSharedSecret   when not empty, every connection gets its own time-limited TURN user name
 *                           and password made with this secret (coturn's {@code static-auth-secret})
 *                           instead of {@code turnUsername}/{@code turnCredential}
 * @param turnCredentialTtlSeconds how long those TURN credentials stay valid
 */
public record SignalingConfig(String stunServerUri, String turnUsername, String turnCredential, int maxMessageChars,
                              int maxVideoTrackCount, long publishTimeoutMs, int maxStreamsPerConnection,
                              String turnSharedSecret, long turnCredentialTtlSeconds) {

    public static final int AMS_MAX_MESSAGE_CHARS = 81_920;
    public static final int AMS_MAX_VIDEO_TRACK_COUNT = 6;
    /** Ant Media's default {@code webRTCClientStartTimeoutMs}. */
    public static final long DEFAULT_PUBLISH_TIMEOUT_MS = 10_000;
    /**
     * A conference participant holds three (its room, its publish, its play of the room) and a page
     * showing a wall of streams a few dozen; far more from one socket is a client holding ids hostage.
     */
    public static final int DEFAULT_MAX_STREAMS_PER_CONNECTION = 64;
    /**
     * One day, what the TURN REST API draft suggests: coturn checks the expiry on every refresh of
     * an allocation, so the credentials must outlive the longest call made with them.
     */
    public static final long DEFAULT_TURN_CREDENTIAL_TTL_SECONDS = 86_400;

    public SignalingConfig {
        turnUsername = turnUsername == null ? "" : turnUsername;
        turnCredential = turnCredential == null ? "" : turnCredential;
        turnSharedSecret = turnSharedSecret == null ? "" : turnSharedSecret;
        if (publishTimeoutMs <= 0 || maxStreamsPerConnection <= 0 || turnCredentialTtlSeconds <= 0) {
            throw new IllegalArgumentException("publishTimeoutMs, maxStreamsPerConnection and "
                    + "turnCredentialTtlSeconds must be positive");
        }
    }

    /** The original four settings, with Ant Media's default {@code maxVideoTrackCount}. */
    public SignalingConfig(String stunServerUri, String turnUsername, String turnCredential, int maxMessageChars) {
        this(stunServerUri, turnUsername, turnCredential, maxMessageChars, AMS_MAX_VIDEO_TRACK_COUNT);
    }

    /** The original five settings; the limits and TURN secret take their defaults. */
    public SignalingConfig(String stunServerUri, String turnUsername, String turnCredential, int maxMessageChars,
                           int maxVideoTrackCount) {
        this(stunServerUri, turnUsername, turnCredential, maxMessageChars, maxVideoTrackCount,
                DEFAULT_PUBLISH_TIMEOUT_MS, DEFAULT_MAX_STREAMS_PER_CONNECTION, "", DEFAULT_TURN_CREDENTIAL_TTL_SECONDS);
    }

    public static SignalingConfig defaults() {
        return new SignalingConfig("stun:stun1.l.google.com:19302", "", "", AMS_MAX_MESSAGE_CHARS,
                AMS_MAX_VIDEO_TRACK_COUNT);
    }

    public SignalingConfig withPublishTimeoutMs(long millis) {
        return new SignalingConfig(stunServerUri, turnUsername, turnCredential, maxMessageChars, maxVideoTrackCount,
                millis, maxStreamsPerConnection, turnSharedSecret, turnCredentialTtlSeconds);
    }

    public SignalingConfig withMaxStreamsPerConnection(int max) {
        return new SignalingConfig(stunServerUri, turnUsername, turnCredential, maxMessageChars, maxVideoTrackCount,
                publishTimeoutMs, max, turnSharedSecret, turnCredentialTtlSeconds);
    }

    /** Time-limited TURN credentials made with {@code sharedSecret}; "" goes back to the static pair. */
    public SignalingConfig withTurnSharedSecret(String sharedSecret, long ttlSeconds) {
        return new SignalingConfig(stunServerUri, turnUsername, turnCredential, maxMessageChars, maxVideoTrackCount,
                publishTimeoutMs, maxStreamsPerConnection, sharedSecret, ttlSeconds);
    }

    /** Keeps the secret out of logs and exception messages. */
    @Override
    public String toString() {
        return "SignalingConfig[stunServerUri=" + stunServerUri + ", turnUsername=" + turnUsername
                + ", maxMessageChars=" + maxMessageChars + ", maxVideoTrackCount=" + maxVideoTrackCount
                + ", publishTimeoutMs=" + publishTimeoutMs + ", maxStreamsPerConnection=" + maxStreamsPerConnection
                + ", turnSharedSecret=" + (turnSharedSecret.isEmpty() ? "" : "***")
                + ", turnCredentialTtlSeconds=" + turnCredentialTtlSeconds + "]";
    }
}
