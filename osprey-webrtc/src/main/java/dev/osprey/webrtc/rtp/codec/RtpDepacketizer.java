package dev.osprey.webrtc.rtp.codec;

/**
 * Rebuilds encoded frames from the RTP payloads of one codec's payload format. The caller (a frame
 * assembler) groups packets into frames and feeds each frame's payloads in sequence order:
 * {@link #append} for every packet, then {@link #finish}; when it abandons a frame half way (loss)
 * it calls {@link #reset} instead. One instance per stream; not thread-safe. Every method accepts
 * any bytes: malformed input gives {@code false}, never an exception.
 */
public interface RtpDepacketizer {
    /**
     * True when this payload is certainly the first of a frame, as far as the payload format can
     * tell. A frame assembler needs it only after a loss, to know whether the next frame is whole.
     */
    boolean startsFrame(byte[] payload, int off, int len);

    /** True when this payload belongs to a keyframe, i.e. one a decoder can start at. */
    boolean isKeyframe(byte[] payload, int off, int len);

    /** Appends this payload's part of the frame to {@code out}; false when malformed (the frame is then dropped). */
    boolean append(byte[] payload, int off, int len, FrameBuffer out);

    /**
     * All payloads of the frame were appended: last touches (e.g. H.264 parameter sets in front of an
     * IDR). False when the frame is unusable. Either way the next {@link #append} starts a new frame.
     */
    boolean finish(FrameBuffer frame, boolean keyframe);

    /** Forgets the frame in progress (after loss or a stream restart). */
    void reset();
}
