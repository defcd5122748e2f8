package dev.osprey.media.service.room;

import dev.osprey.media.MediaKind;
import dev.osprey.media.service.MediaSession;
import dev.osprey.media.service.SessionListener;

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

    /**
     * Pins or unpins one participant's video ({@code assignVideoTrackCommand}): pinned participants get
     * video before the page, within the {@link #maxVideoTracks} limit. Ids the viewer does not receive
     * are ignored; a participant that leaves loses its pin.
     */
    void pinVideo(String streamId, boolean pinned);

    /**
     * Pagination ({@code updateVideoTrackAssignmentsCommand}): the participants at {@code offset} ..
     * {@code offset + size - 1} of the {@link #participants} list get video (pinned ones first, the
     * limit still applies); the rest are paused, their sections kept.
     *
     * @throws IllegalArgumentException when {@code offset} or {@code size} is negative
     */
    void videoPage(int offset, int size);

    /**
     * Asks for the current video assignments: the listener gets
     * {@link SessionListener#videoTrackAssignments}, and an open data channel gets
     * {@code VIDEO_TRACK_ASSIGNMENT_LIST}, both from the media loop.
     */
    void requestVideoAssignments();
}
