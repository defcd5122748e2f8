package dev.osprey.media.service;

import dev.osprey.media.service.room.VideoTrackAssignment;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what a session told its client. */
final class RecordingSessionListener implements SessionListener {
    volatile String type;
    volatile String sdp;
    volatile Map<String, String> idMapping;
    /** Every description in order (a room viewer's first offer and re-offers). */
    final List<String> descriptions = new CopyOnWriteArrayList<>();
    final List<String> candidates = new CopyOnWriteArrayList<>();
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger restored = new AtomicInteger();
    final List<EndReason> ended = new CopyOnWriteArrayList<>();
    final AtomicInteger bitrateReports = new AtomicInteger();
    final List<List<VideoTrackAssignment>> videoAssignments = new CopyOnWriteArrayList<>();
    final List<String> renegotiationFailures = new CopyOnWriteArrayList<>();

    @Override
    public void localDescription(String type, String sdp, Map<String, String> idMapping) {
        this.type = type;
        this.sdp = sdp;
        this.idMapping = idMapping;
        descriptions.add(sdp);
    }

    @Override
    public void localCandidate(int label, String mid, String candidate) {
        candidates.add(label + "/" + mid + "/" + candidate);
    }

    @Override
    public void streamRestored() {
        restored.incrementAndGet();
    }

    @Override
    public void started() {
        started.incrementAndGet();
    }

    @Override
    public void ended(EndReason reason) {
        ended.add(reason);
    }

    @Override
    public void bitrateMeasurement(long targetBitrate, long videoBitrate, long audioBitrate) {
        bitrateReports.incrementAndGet();
    }

    @Override
    public void videoTrackAssignments(List<VideoTrackAssignment> assignments) {
        videoAssignments.add(List.copyOf(assignments));
    }

    @Override
    public void renegotiationFailed(String reason) {
        renegotiationFailures.add(reason);
    }
}
