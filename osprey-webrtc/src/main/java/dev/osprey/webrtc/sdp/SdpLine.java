package dev.osprey.webrtc.sdp;

/**
 * A line the model does not type (i=, u=, e=, p=, r=, z=, k=, extra t=), kept so the writer can
 * reproduce it in its RFC 8866 position.
 */
public record SdpLine(char type, String value) {
}
