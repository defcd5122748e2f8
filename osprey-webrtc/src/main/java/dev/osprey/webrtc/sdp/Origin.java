package dev.osprey.webrtc.sdp;

/** The o= line. The session id is kept as text because peers send ids wider than a long. */
public record Origin(String username, String sessionId, long sessionVersion,
                     String netType, String addrType, String address) {

    /** The usual WebRTC origin: {@code - <id> <version> IN IP4 127.0.0.1}. */
    public static Origin of(String sessionId, long sessionVersion) {
        return new Origin("-", sessionId, sessionVersion, "IN", "IP4", "127.0.0.1");
    }

    String value() {
        return username + ' ' + sessionId + ' ' + sessionVersion + ' ' + netType + ' ' + addrType + ' ' + address;
    }
}
