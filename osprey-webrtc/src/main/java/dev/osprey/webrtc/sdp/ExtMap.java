package dev.osprey.webrtc.sdp;

/**
 * An a=extmap line (RFC 8285). {@code direction} and {@code attributes} are null when absent.
 */
public record ExtMap(int id, Direction direction, String uri, String attributes) {

    public static ExtMap of(int id, String uri) {
        return new ExtMap(id, null, uri, null);
    }

    String value() {
        StringBuilder sb = new StringBuilder().append(id);
        if (direction != null) {
            sb.append('/').append(direction.sdpName());
        }
        sb.append(' ').append(uri);
        if (attributes != null) {
            sb.append(' ').append(attributes);
        }
        return sb.toString();
    }
}
