package dev.osprey.signaling.media;

import dev.osprey.signaling.protocol.Definitions;

import java.util.List;

/**
 * The engine used until the SFU exists: there is no media path, so a publisher's offer is refused
 * with Ant Media's {@code webrtc_not_enabled} (its publish stays registered until {@code stop} or
 * socket close, as in Ant Media when WebRTC is disabled), and no stream ever becomes live.
 */
public final class NoMediaEngine implements MediaEngine {

    public static final NoMediaEngine INSTANCE = new NoMediaEngine();

    private NoMediaEngine() {
    }

    @Override
    public MediaLeg publish(String streamId, String offerSdp, boolean video, boolean audio, MediaListener listener)
            throws MediaRefusedException {
        throw new MediaRefusedException(Definitions.WEBRTC_NOT_ENABLED);
    }

    @Override
    public MediaLeg play(String streamId, List<String> trackList, MediaListener listener) throws MediaRefusedException {
        throw new MediaRefusedException(Definitions.WEBRTC_NOT_ENABLED);
    }
}
