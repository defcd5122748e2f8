package dev.osprey.media.frame;

import dev.osprey.webrtc.rtp.codec.FrameBuffer;

/**
 * One complete encoded frame handed to a {@link FrameListener}: bytes {@code [0, length())} of
 * {@link #data()} in the depacketizer's output format. Reused by its assembler for every frame.
 */
public final class AssembledFrame {
    private FrameBuffer buffer;
    private boolean keyframe;
    private long timestamp;
    private long firstSequence;
    private long lastSequence;
    private long arrivalNanos;

    void set(FrameBuffer buffer, boolean keyframe, long timestamp, long firstSequence, long lastSequence,
             long arrivalNanos) {
        this.buffer = buffer;
        this.keyframe = keyframe;
        this.timestamp = timestamp;
        this.firstSequence = firstSequence;
        this.lastSequence = lastSequence;
        this.arrivalNanos = arrivalNanos;
    }

    public byte[] data() {
        return buffer.data();
    }

    public int length() {
        return buffer.length();
    }

    public boolean keyframe() {
        return keyframe;
    }

    /** The RTP timestamp, extended to 64 bits across wrap-arounds (the first frame's is the raw unsigned value). */
    public long timestamp() {
        return timestamp;
    }

    /** Extended sequence number of the frame's first packet. */
    public long firstSequence() {
        return firstSequence;
    }

    /** Extended sequence number of the frame's last packet. */
    public long lastSequence() {
        return lastSequence;
    }

    /** When the frame's last packet arrived, in the caller's nanosecond clock. */
    public long arrivalNanos() {
        return arrivalNanos;
    }
}
