package dev.osprey.media.service;

import dev.osprey.media.MediaKind;

import java.util.List;

/**
 * A viewer of a conference room on one peer connection: every participant it is given gets an audio
 * and a video section, and the server re-offers (renegotiates) on that connection when the set
 * changes. The control methods may be called from any thread, never block, and take effect in call
 * order on the media loop.
 */
public interface RoomPlaySession extends MediaSession {

    /**
     * The participants (published stream ids) this viewer should receive, in display order. Ids that
     * are not live yet are picked up once they are; ids that end are dropped.
     */
    void participants(List<String> streamIds);

    /** Starts or stops forwarding everything of one participant ({@code enableTrack}). */
    void enableParticipant(String streamId, boolean enabled);

    /** Starts or stops forwarding one kind of media of one participant ({@code toggleVideo}/{@code toggleAudio}). */
    void enableMedia(String streamId, MediaKind kind, boolean enabled);

    /**
     * At most this many participants' video is forwarded (the first ones in {@link #participants} order
     * that are enabled); the rest are paused, their sections kept. Values below 0 mean no limit.
     */
    void maxVideoTracks(int count);
}
