package dev.osprey.signaling.media;

/**
 * How a {@link dev.osprey.signaling.BridgedClient}'s publish or play gets its media leg once the
 * signalling granted it: an RTMP or SRT ingest opens a frame source, a WHIP peer's offer is answered,
 * a WHEP player's offer is answered. Called without the signalling lock held; must not block.
 */
@FunctionalInterface
public interface MediaStart {

    /**
     * Opens the leg that reports to {@code listener}.
     *
     * @throws MediaRefusedException with the Ant Media error definition for the client
     */
    MediaLeg start(MediaListener listener) throws MediaRefusedException;
}
