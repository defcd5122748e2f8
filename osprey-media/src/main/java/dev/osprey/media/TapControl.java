package dev.osprey.media;

/** What a {@link Tap} may ask of its broadcast. Any thread. */
public interface TapControl {
    /**
     * Asks the source for a keyframe on track {@code track}; taken up by the broadcast within one tick
     * and throttled together with the viewers' requests.
     */
    void requestKeyframe(int track);
}
