package dev.osprey.webrtc.sdp;

/** An a=rid line (RFC 8851); {@code params} (restrictions such as {@code pt=96;max-width=640}) may be null. */
public record Rid(String id, Direction direction, String params) {

    /** RID direction is only send or recv. */
    public Rid {
        if (direction != Direction.SENDONLY && direction != Direction.RECVONLY) {
            throw new IllegalArgumentException("rid direction must be send or recv");
        }
    }

    String value() {
        String dir = direction == Direction.SENDONLY ? "send" : "recv";
        return params == null ? id + ' ' + dir : id + ' ' + dir + ' ' + params;
    }
}
