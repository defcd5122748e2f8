package dev.osprey.signaling;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which participants a room play receives, from the play's {@code trackList}: ids prefixed with
 * {@code !} are excluded, plain ids (when any) are the only ones included. The viewer's own streams
 * are always left out, so a participant that plays its room without a track list does not get its
 * own camera back.
 */
record RoomSelection(Set<String> included, Set<String> excluded) {

    static RoomSelection of(List<String> trackList, String userPublishId) {
        Set<String> included = new LinkedHashSet<>();
        Set<String> excluded = new LinkedHashSet<>();
        if (trackList != null) {
            for (String id : trackList) {
                if (id == null || id.isEmpty()) {
                    continue;
                }
                if (id.startsWith("!")) {
                    excluded.add(id.substring(1));
                } else {
                    included.add(id);
                }
            }
        }
        if (userPublishId != null && !userPublishId.isEmpty()) {
            excluded.add(userPublishId);
        }
        return new RoomSelection(Set.copyOf(included), Set.copyOf(excluded));
    }

    /** Requires the application lock (reads the publication). */
    boolean wants(Publication publication, ProtocolSession viewer) {
        return publication.live && publication.owner != viewer && !excluded.contains(publication.streamId)
                && (included.isEmpty() || included.contains(publication.streamId));
    }
}
