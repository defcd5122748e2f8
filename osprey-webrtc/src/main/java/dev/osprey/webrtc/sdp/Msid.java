package dev.osprey.webrtc.sdp;

/** An a=msid line (RFC 8830): stream id and optional track id (null when absent). */
public record Msid(String streamId, String trackId) {

    String value() {
        return trackId == null ? streamId : streamId + ' ' + trackId;
    }
}
