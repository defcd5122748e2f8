package dev.osprey.signaling;

import dev.osprey.signaling.media.MediaLeg;

/** One accepted play of a live stream by one socket. Guarded by the application lock. */
final class Playback {

    final String streamId;
    final ProtocolSession viewer;
    /** For a play of a conference room (one connection for every participant), else null. */
    final RoomSelection room;
    MediaLeg media;
    /** True once the media engine reported the viewer's media flowing. */
    boolean started;

    Playback(String streamId, ProtocolSession viewer) {
        this(streamId, viewer, null);
    }

    Playback(String streamId, ProtocolSession viewer, RoomSelection room) {
        this.streamId = streamId;
        this.viewer = viewer;
        this.room = room;
    }
}
