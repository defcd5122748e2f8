package dev.osprey.media.frame;

/** Receives a {@link FrameAssembler}'s output, on the assembler's thread. */
public interface FrameListener {
    /** A complete frame; {@code frame} and its bytes are reused once the call returns. */
    void onFrame(AssembledFrame frame);

    /**
     * Video lost a frame (or started without a keyframe): the output skips to the next keyframe and
     * the caller should ask the source for one. Called once per loss episode; the caller throttles.
     */
    void keyframeNeeded();
}
