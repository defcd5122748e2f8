package dev.osprey.media.service.room;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which participants of a room viewer get video: the pinned ones first (in the order they were pinned),
 * then the page {@code [offset, offset + size)} of the participant list, in list order; at most
 * {@code max} in all. Participants that cannot be sent video right now (not answered yet, switched off,
 * declined by the viewer) are skipped and leave their place empty.
 */
final class VideoSelection {

    private VideoSelection() {
    }

    /**
     * @param participants the viewer's participants in room order
     * @param pinned       pinned participants, in pin order (ids not in {@code participants} are ignored)
     * @param offset       first index of the page, at least 0
     * @param size         page length, below 0 for "to the end"
     * @param max          at most this many videos, below 0 for no limit
     * @param sendable     whether a participant's video can be forwarded now
     */
    static List<VideoTrackAssignment> choose(List<String> participants, Collection<String> pinned, int offset,
                                             int size, int max, Predicate<String> sendable) {
        int limit = max < 0 ? Integer.MAX_VALUE : max;
        List<VideoTrackAssignment> out = new ArrayList<>();
        List<String> chosen = new ArrayList<>();
        for (String participant : pinned) {
            if (chosen.size() < limit && participants.contains(participant) && sendable.test(participant)) {
                chosen.add(participant);
                out.add(new VideoTrackAssignment(participant, true));
            }
        }
        int end = size < 0 ? participants.size() : (int) Math.min(participants.size(), (long) offset + size);
        for (int i = offset; i < end && chosen.size() < limit; i++) {
            String participant = participants.get(i);
            if (!chosen.contains(participant) && sendable.test(participant)) {
                chosen.add(participant);
                out.add(new VideoTrackAssignment(participant, false));
            }
        }
        return out;
    }
}
