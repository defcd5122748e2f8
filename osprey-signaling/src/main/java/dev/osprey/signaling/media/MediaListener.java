package dev.osprey.signaling.media;

import java.util.List;
import java.util.Map;

/** How the media engine talks back to one client. Thread-safe; calls after the leg ended are ignored. */
public interface MediaListener {

    /** Sends {@code takeConfiguration}; {@code idMapping} (mid → track id) is null on answers. */
    void localDescription(String type, String sdp, Map<String, String> idMapping);

    /** Sends {@code takeCandidate}. */
    void localCandidate(int label, String mid, String candidate);

    /** Media flows: the publisher's stream is now live ({@code publish_started}) or the viewer plays ({@code play_started}). */
    void started();

    /**
     * A publisher's leg continues the stream of the previous publisher of the id, whose viewers keep
     * playing ({@code notification/session_restored}). Comes before {@link #started()}.
     */
    default void streamRestored() {
    }

    /** The leg is over (ICE loss, publisher gone): {@code publish_finished} / {@code play_finished}. */
    void ended();

    /**
     * A publisher's re-offer on its running connection was refused ({@code error/notSetRemoteDescription}
     * with {@code information}); the publish runs on unchanged.
     */
    default void renegotiationFailed(String information) {
    }

    /**
     * Periodic figures for a viewer ({@code notification/bitrateMeasurement}): its own bandwidth
     * estimate, -1 when unknown, and the video and audio bitrates it is sent, bit/s.
     */
    default void bitrateMeasurement(long targetBitrate, long videoBitrate, long audioBitrate) {
    }

    /** A room play's current video assignments, asked for by {@link RoomLeg#requestVideoAssignments()}. */
    default void videoTrackAssignments(List<VideoAssignment> assignments) {
    }
}
