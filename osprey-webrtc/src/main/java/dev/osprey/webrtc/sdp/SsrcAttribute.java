package dev.osprey.webrtc.sdp;

/** An a=ssrc line (RFC 5576): {@code <ssrc> <attribute>[:<value>]}; value null when absent. */
public record SsrcAttribute(long ssrc, String attribute, String value) {

    String text() {
        return value == null ? ssrc + " " + attribute : ssrc + " " + attribute + ':' + value;
    }
}
