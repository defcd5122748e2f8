package dev.osprey.server.store;

/**
 * A TOTP subscriber of one stream (Ant Media's Subscriber): who may publish or play it with a
 * six-digit code derived from {@link #b32Secret}, how many connections at once, and whether blocked.
 */
public final class Subscriber {

    public static final String PUBLISH = "publish";
    public static final String PLAY = "play";
    public static final String PUBLISH_PLAY = "publish_play";

    public String subscriberId;
    public String subscriberName;
    public String streamId;
    /** Base32 HMAC-SHA1 key of the subscriber's codes. */
    public String b32Secret;
    /** {@link #PUBLISH}, {@link #PLAY} or {@link #PUBLISH_PLAY}. */
    public String type = PLAY;
    public int concurrentConnectionsLimit = 1;
    /** The code period of this subscriber; 0 uses the application's {@code timeTokenPeriod}. */
    public int totpExpiryPeriodSeconds;
    /** What is blocked ({@link #PUBLISH}, {@link #PLAY}, {@link #PUBLISH_PLAY}), until {@link #blockedUntilUnitTimeStampMs}. */
    public String blockedType;
    public long blockedUntilUnitTimeStampMs;
    /** Live figures, filled in when listed. */
    public boolean connected;
    public int currentConcurrentConnections;

    /** True when {@code type} allows {@code role} ({@code publish} or {@code play}). */
    public static boolean covers(String type, String role) {
        return PUBLISH_PLAY.equals(type) || role.equals(type);
    }

    public boolean isBlocked(String role, long nowMs) {
        return blockedType != null && covers(blockedType, role) && blockedUntilUnitTimeStampMs > nowMs;
    }
}
