package dev.osprey.media;

import java.util.List;
import java.util.Map;

/**
 * A viewer's negotiated session: its streams and its {@code a=extmap} URI-to-id table.
 * Extensions the publisher sends are forwarded under the viewer's id when the viewer
 * negotiated the same URI, and blanked otherwise (see {@link HeaderExtensionRewriter}).
 */
public record ViewerDescription(List<ViewerTrackDescription> tracks, Map<String, Integer> headerExtensions) {
    public ViewerDescription {
        tracks = List.copyOf(tracks);
        headerExtensions = Map.copyOf(headerExtensions);
    }
}
