package dev.osprey.ingest.broadcast;

import dev.osprey.media.service.FramePublisher;
import dev.osprey.media.service.negotiation.PublishedTrack;
import dev.osprey.signaling.SignalingApplication;
import dev.osprey.signaling.media.MediaLeg;
import dev.osprey.signaling.media.MediaListener;
import dev.osprey.signaling.media.MediaRefusedException;

import java.util.List;

/** One application as an encoder reaches it: its signalling, and the media plane that takes frames. */
public interface IngestTarget {

    SignalingApplication signaling();

    /**
     * Opens the frame source of a publish the signalling granted: a broadcast with {@code tracks} that
     * reports to {@code listener}.
     *
     * @throws MediaRefusedException with the Ant Media error definition
     */
    FrameSource openFrameSource(String streamId, List<PublishedTrack> tracks, MediaListener listener)
            throws MediaRefusedException;

    /** The leg the signalling holds, and where the frames go. */
    record FrameSource(MediaLeg leg, FramePublisher frames) {
    }
}
