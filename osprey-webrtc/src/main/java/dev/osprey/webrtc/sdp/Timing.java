package dev.osprey.webrtc.sdp;

/** The t= line; WebRTC always uses {@code 0 0} (unbounded). */
public record Timing(long start, long stop) {
    public static final Timing UNBOUNDED = new Timing(0, 0);
}
