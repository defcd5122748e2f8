package dev.osprey.signaling.media;

import dev.osprey.signaling.protocol.Definitions;

import java.util.List;

/**
 * What the signalling asks of the media plane. Kept small on purpose: it will be reshaped when the SFU
 * lands. Methods are called from a session's thread, never while the application's signalling lock is
 * held, and must not block. The engine answers through the {@link MediaListener} it is given, from any
 * thread (including synchronously from inside these calls).
 */
public interface MediaEngine {

    /**
     * A publisher sent its offer. The engine replies with {@code localDescription("answer", ...)},
     * trickles candidates, and calls {@code started()} once media flows (the stream becomes live).
     *
     * @throws MediaRefusedException with the Ant Media error definition to send to the client
     */
    MediaLeg publish(String streamId, String offerSdp, boolean video, boolean audio, MediaListener listener)
            throws MediaRefusedException;

    /**
     * A viewer wants a live stream (or room). The engine sends its offer with
     * {@code localDescription("offer", sdp, idMapping)} and {@code started()} once media flows.
     *
     * @param trackList requested track ids; ids prefixed with '!' are excluded (conference rooms)
     * @throws MediaRefusedException with the Ant Media error definition to send to the client
     */
    MediaLeg play(String streamId, List<String> trackList, MediaListener listener) throws MediaRefusedException;

    /**
     * A viewer plays a conference room (its main track) on one connection: the engine offers one
     * audio and one video section per participant with {@code idMapping}, and re-offers on the same
     * connection as {@link RoomLeg#participants} changes. {@code started()} once the viewer connects.
     *
     * @param participants   the live participants to receive, in order
     * @param maxVideoTracks how many participants' video to forward at most (the rest are paused)
     * @throws MediaRefusedException with the Ant Media error definition to send to the client
     */
    default RoomLeg playRoom(String room, List<String> participants, int maxVideoTracks, MediaListener listener)
            throws MediaRefusedException {
        throw new MediaRefusedException(Definitions.WEBRTC_NOT_ENABLED);
    }

    /** What {@code getStreamInfo} reports for a live stream, or null when the engine knows nothing of it. */
    default StreamDetails streamInfo(String streamId) {
        return null;
    }
}
