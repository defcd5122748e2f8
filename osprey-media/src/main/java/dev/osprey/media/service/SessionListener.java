package dev.osprey.media.service;

import dev.osprey.media.service.room.RoomPlaySession;
import dev.osprey.media.service.room.VideoTrackAssignment;

import java.util.List;
import java.util.Map;

/**
 * How a {@link MediaService} session talks back to its client (through the signalling). Calls come
 * from the media event loop (or, for the first description and candidates, from the thread that
 * opened the session) and must not block.
 */
public interface SessionListener {

    /** Our SDP: the answer to a publisher's offer, or the offer to a viewer ({@code idMapping}: mid → track id; null on answers). */
    void localDescription(String type, String sdp, Map<String, String> idMapping);

    /** One of our ICE candidates: {@code label} is the m-line index, {@code mid} its mid. */
    void localCandidate(int label, String mid, String candidate);

    /** Media flows: the publisher's first packet arrived, or the viewer's transport connected. */
    void started();

    /**
     * This publisher continues the stream of a previous publisher of the same id whose media had stopped
     * (Ant Media's {@code session_restored}): the stream's viewers stay connected and receive this
     * publisher's media. Called on the media loop before {@link #started()}.
     */
    default void streamRestored() {
    }

    /** The session is over for {@code reason}; not called after {@link MediaSession#close()}. */
    void ended(EndReason reason);

    /**
     * A publisher's re-offer was refused ({@code reason} says why); its session runs on as it was. Called
     * on the thread that passed the offer to {@link MediaSession#remoteDescription}.
     */
    default void renegotiationFailed(String reason) {
    }

    /** Periodic figures for a viewer: its own bandwidth estimate (-1 when unknown) and what it is sent, bit/s. */
    default void bitrateMeasurement(long targetBitrate, long videoBitrate, long audioBitrate) {
    }

    /** A room viewer's current video assignments, answering {@link RoomPlaySession#requestVideoAssignments()}. */
    default void videoTrackAssignments(List<VideoTrackAssignment> assignments) {
    }
}
