package dev.osprey.media.frame;

import dev.osprey.media.SourceDescription;

/**
 * What a {@link FrameTap} hands its frames to: a recorder, a segmenter, a decoder. Called on the tap's
 * worker thread, one call at a time; it may take its time (the tap's queue absorbs it, then drops).
 */
public interface FrameConsumer {
    /** Before the first frame: the source's tracks (codec, clock rate); again whenever they change. */
    void onTracks(SourceDescription source);

    /**
     * One complete frame of track {@code track}. {@code timeMicros} is on one clock shared by every track
     * of the broadcast (time zero is about the first frame written), so audio and video stay in sync.
     * Video starts at a keyframe and, after a loss, resumes at the next one. {@code frame} and its bytes
     * are reused once the call returns.
     */
    void onFrame(int track, AssembledFrame frame, long timeMicros);

    /** The stream ended or the tap was stopped: no frame follows. */
    void onClose();
}
