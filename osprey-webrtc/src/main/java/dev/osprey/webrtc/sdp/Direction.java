package dev.osprey.webrtc.sdp;

/** Media direction attributes (RFC 8866 §6.7). */
public enum Direction {
    SENDRECV, SENDONLY, RECVONLY, INACTIVE;

    public String sdpName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    /** The direction seen from the other side: sendonly becomes recvonly and vice versa. */
    public Direction reverse() {
        return switch (this) {
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            default -> this;
        };
    }

    public static Direction of(boolean sends, boolean receives) {
        if (sends) {
            return receives ? SENDRECV : SENDONLY;
        }
        return receives ? RECVONLY : INACTIVE;
    }

    static Direction fromSdp(String value) {
        for (Direction d : values()) {
            if (d.sdpName().equals(value)) {
                return d;
            }
        }
        return null;
    }
}
