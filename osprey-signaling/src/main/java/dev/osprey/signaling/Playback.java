package dev.osprey.signaling;

import dev.osprey.signaling.media.MediaLeg;

/** One accepted play of a live stream by one socket. Guarded by the application lock. */
final class Playback {

    final String streamId;
    final ProtocolSession viewer;
    MediaLeg media;
    /** True once the media engine reported the viewer's media flowing. */
    boolean started;

    Playback(String streamId, ProtocolSession viewer) {
        this.streamId = streamId;
        this.viewer = viewer;
    }
}
