package dev.osprey.server.ingest;

import dev.osprey.ingest.broadcast.IngestTarget;
import dev.osprey.media.service.negotiation.PublishedTrack;
import dev.osprey.server.media.SfuMediaEngine;
import dev.osprey.signaling.SignalingApplication;
import dev.osprey.signaling.media.MediaListener;
import dev.osprey.signaling.media.MediaRefusedException;

import java.util.List;

/** An application as encoders reach it: its signalling, and its media engine for the frames. */
public record EngineIngestTarget(SignalingApplication signaling, SfuMediaEngine engine) implements IngestTarget {

    @Override
    public FrameSource openFrameSource(String streamId, List<PublishedTrack> tracks, MediaListener listener)
            throws MediaRefusedException {
        return engine.publishFrames(streamId, tracks, listener);
    }
}
