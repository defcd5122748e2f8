package dev.osprey.media.service.negotiation;

import dev.osprey.media.ViewerDescription;
import dev.osprey.media.ViewerTrackDescription;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tracks of a viewer whose offer the server answered ({@link PlayAnswer}): fixed by that answer, since
 * nothing can be re-offered. When the publisher renegotiates, a track it stops pauses and resumes with it;
 * a track it adds is not forwarded (the viewer has no m-line for it). Media loop only.
 */
public final class AnsweredTracks implements ViewerTracks {
    private final List<ViewerTrackDescription> accepted;
    private final Map<String, Integer> headerExtensions;
    /** Accepted tracks the publisher does not send now. */
    private final Set<Integer> paused = new HashSet<>();

    public AnsweredTracks(PlayAnswer answer) {
        this.accepted = answer.tracks();
        this.headerExtensions = answer.headerExtensions();
    }

    @Override
    public List<ViewerTrackDescription> acceptedTracks() {
        return accepted;
    }

    @Override
    public boolean forwarding(int track) {
        return !paused.contains(track) && accepts(track);
    }

    @Override
    public boolean follow(List<PublishedTrack> tracks) {
        boolean changed = false;
        for (ViewerTrackDescription t : accepted) {
            boolean sending = t.track() < tracks.size() && tracks.get(t.track()).active();
            changed |= sending ? paused.remove(t.track()) : paused.add(t.track());
        }
        return changed;
    }

    @Override
    public ViewerDescription description(List<ViewerTrackDescription> tracks) {
        return new ViewerDescription(tracks, headerExtensions);
    }

    private boolean accepts(int track) {
        for (ViewerTrackDescription t : accepted) {
            if (t.track() == track) {
                return true;
            }
        }
        return false;
    }
}
