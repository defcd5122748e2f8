package dev.osprey.media.frame;

import dev.osprey.webrtc.rtp.codec.FrameBuffer;

/** Builds the frames a frame tap hands its consumer, for tests outside this package. */
public final class TestFrames {
    private TestFrames() {
    }

    /** A frame holding a copy of {@code data}. */
    public static AssembledFrame frame(byte[] data, boolean keyframe) {
        FrameBuffer buffer = new FrameBuffer(data.length, Math.max(data.length, FrameBuffer.DEFAULT_MAX_SIZE));
        buffer.append(data, 0, data.length);
        AssembledFrame frame = new AssembledFrame();
        frame.set(buffer, keyframe, 0, 0, 0, 0);
        return frame;
    }
}
