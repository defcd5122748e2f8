package dev.osprey.webrtc.sdp;

/** The a=rtcp line (RFC 3605): RTCP port and optional address; {@code connection} may be null. */
public record RtcpAttribute(int port, Connection connection) {

    String value() {
        return connection == null ? Integer.toString(port) : port + " " + connection.value();
    }
}
