package dev.osprey.signaling.media;

import java.util.List;

/**
 * A viewer's one peer connection to a whole conference room (play of the room id). Unlike the other
 * engine calls, these methods may be called while the signalling lock is held: they only queue work
 * and never block or call back synchronously, which keeps room changes in the order they happened.
 */
public interface RoomLeg extends MediaLeg {

    /** The participants (stream ids) the viewer should receive now, in order; the engine re-offers as needed. */
    void participants(List<String> streamIds);

    /** {@code enableTrack}: starts or stops forwarding one participant. */
    void enableParticipant(String streamId, boolean enabled);

    /** {@code toggleVideo} / {@code toggleAudio}: starts or stops one kind of media of one participant. */
    void enableMedia(String streamId, boolean video, boolean enabled);

    /** {@code setMaxVideoTrackCountCommand}: how many participants' video is forwarded; the rest pause. */
    void maxVideoTracks(int count);

    /** {@code assignVideoTrackCommand}: pins (video first, within the limit) or unpins a participant; unknown ids are ignored. */
    void pinVideo(String streamId, boolean pinned);

    /**
     * {@code updateVideoTrackAssignmentsCommand}: the participants at {@code offset} .. {@code offset + size - 1}
     * of the viewer's list get video (pinned ones first), the rest pause. Both are at least 0.
     */
    void videoPage(int offset, int size);

    /** {@code getVideoTrackAssignmentsCommand}: the engine answers with {@link MediaListener#videoTrackAssignments}. */
    void requestVideoAssignments();
}
