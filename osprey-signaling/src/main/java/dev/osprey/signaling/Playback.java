package dev.osprey.signaling;

import dev.osprey.signaling.media.MediaLeg;

/** One accepted play of a live stream by one socket. Guarded by the application lock. */
final class Playback {

    final String streamId;
    final ProtocolSession viewer;
    /** For a play of a conference room (one connection for every participant), else null. */
    final RoomSelection room;
    /** What the access guard granted; released when the play ends. */
    final AccessDecision access;
    MediaLeg media;
    /** True once the media engine reported the viewer's media flowing. */
    boolean started;

    Playback(String streamId, ProtocolSession viewer, RoomSelection room, AccessDecision access) {
        this.streamId = streamId;
        this.viewer = viewer;
        this.room = room;
        this.access = access;
    }
}
