package dev.osprey.media.frame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test helper: a listener that keeps copies of every frame and counts keyframe requests. */
final class Recorder implements FrameListener {
    final List<byte[]> frames = new ArrayList<>();
    final List<Boolean> keyframes = new ArrayList<>();
    final List<Long> timestamps = new ArrayList<>();
    final List<long[]> sequences = new ArrayList<>();
    int keyframeRequests;

    @Override
    public void onFrame(AssembledFrame frame) {
        frames.add(Arrays.copyOf(frame.data(), frame.length()));
        keyframes.add(frame.keyframe());
        timestamps.add(frame.timestamp());
        sequences.add(new long[] {frame.firstSequence(), frame.lastSequence()});
    }

    @Override
    public void keyframeNeeded() {
        keyframeRequests++;
    }
}
