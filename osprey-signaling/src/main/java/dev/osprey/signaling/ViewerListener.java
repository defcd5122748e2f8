package dev.osprey.signaling;

import dev.osprey.signaling.media.MediaLeg;
import dev.osprey.signaling.media.MediaListener;
import dev.osprey.signaling.media.VideoAssignment;
import dev.osprey.signaling.protocol.Messages;

import java.util.List;
import java.util.Map;

import static dev.osprey.signaling.protocol.Definitions.*;

/**
 * The media engine's events for one play, turned into messages to its viewer. Called from any engine
 * thread: every call takes the application lock, and is ignored once that play has ended.
 */
final class ViewerListener implements MediaListener {

    private final Playback playback;
    private final ProtocolSession viewer;
    private final ApplicationState state;

    ViewerListener(Playback playback) {
        this.playback = playback;
        this.viewer = playback.viewer;
        this.state = viewer.state;
    }

    /** Requires the lock. */
    private boolean current() {
        return viewer.playing.get(playback.streamId) == playback;
    }

    @Override
    public void localDescription(String type, String sdp, Map<String, String> idMapping) {
        sendIfCurrent(Messages.takeConfiguration(playback.streamId, type, sdp, idMapping));
    }

    @Override
    public void localCandidate(int label, String mid, String candidate) {
        sendIfCurrent(Messages.takeCandidate(playback.streamId, label, mid, candidate));
    }

    @Override
    public void started() {
        viewer.locked(() -> {
            if (current() && !playback.started) {
                playback.started = true;
                viewer.send(Messages.notification(PLAY_STARTED, playback.streamId));
                state.events.playStarted(playback.streamId);
            }
        });
    }

    @Override
    public void bitrateMeasurement(long targetBitrate, long videoBitrate, long audioBitrate) {
        sendIfCurrent(Messages.bitrateMeasurement(playback.streamId, targetBitrate, videoBitrate, audioBitrate));
    }

    @Override
    public void videoTrackAssignments(List<VideoAssignment> assignments) {
        sendIfCurrent(Messages.videoTrackAssignmentList(playback.streamId, assignments));
    }

    @Override
    public void ended() {
        MediaLeg leg;
        state.lock.lock();
        try {
            leg = state.endPlayback(playback, true);
        } finally {
            state.lock.unlock();
        }
        if (leg != null) {
            leg.close();
        }
    }

    private void sendIfCurrent(String message) {
        viewer.locked(() -> {
            if (current()) {
                viewer.send(message);
            }
        });
    }
}
