package dev.osprey.signaling;

/**
 * Per-application signalling settings.
 *
 * @param stunServerUri      handed to clients in {@code iceServerConfig} ("stun:..." or "turn:...")
 * @param turnUsername       TURN user name for {@code iceServerConfig}, "" when none
 * @param turnCredential     TURN password for {@code iceServerConfig}, "" when none
 * @param maxMessageChars    text messages longer than this are refused with an error (AMS: 81,920)
 */
public record SignalingConfig(String stunServerUri, String turnUsername, String turnCredential, int maxMessageChars) {

    public static final int AMS_MAX_MESSAGE_CHARS = 81_920;

    public static SignalingConfig defaults() {
        return new SignalingConfig("stun:stun1.l.google.com:19302", "", "", AMS_MAX_MESSAGE_CHARS);
    }
}
