package dev.osprey.webrtc.rtp.codec;

/**
 * Splits encoded frames into RTP payloads of one codec's payload format, each at most the
 * {@code maxPayload} bytes given at construction. One instance per outgoing stream (some formats
 * number their pictures); not thread-safe. Once warm, packetizing allocates nothing.
 */
public interface RtpPacketizer {
    /**
     * Packetizes one frame and hands its payloads to {@code sink}. Returns the number of payloads,
     * 0 when the frame holds nothing to send (e.g. an empty frame, an H.264 access unit of only
     * delimiters, a malformed AV1 temporal unit); nothing is handed to the sink then.
     *
     * @param keyframe whether the frame is a keyframe, for formats that signal it in the descriptor
     */
    int packetize(byte[] frame, int off, int len, boolean keyframe, PayloadSink sink);
}
