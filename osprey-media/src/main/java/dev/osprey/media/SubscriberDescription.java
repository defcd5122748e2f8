package dev.osprey.media;

import java.util.List;
import java.util.Map;

/**
 * A subscriber's negotiated session: its streams and its {@code a=extmap} URI-to-id table.
 * Extensions the publisher sends are forwarded under the subscriber's id when the subscriber
 * negotiated the same URI, and blanked otherwise (see {@link HeaderExtensionRewriter}).
 */
public record SubscriberDescription(List<SubscriberTrack> tracks, Map<String, Integer> headerExtensions) {
    public SubscriberDescription {
        tracks = List.copyOf(tracks);
        headerExtensions = Map.copyOf(headerExtensions);
    }
}
