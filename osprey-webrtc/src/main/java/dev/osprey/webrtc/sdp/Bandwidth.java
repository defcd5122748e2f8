package dev.osprey.webrtc.sdp;

/** A b= line such as {@code AS:500} or {@code TIAS:500000}. */
public record Bandwidth(String type, long value) {
}
