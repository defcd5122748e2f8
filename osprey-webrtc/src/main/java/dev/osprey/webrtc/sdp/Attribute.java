package dev.osprey.webrtc.sdp;

/** An attribute the model does not type, kept verbatim and in order; {@code value} is null for flags. */
public record Attribute(String name, String value) {

    String text() {
        return value == null ? name : name + ':' + value;
    }
}
