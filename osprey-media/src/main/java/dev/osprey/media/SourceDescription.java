package dev.osprey.media;

import java.util.List;
import java.util.Map;

/**
 * The publisher's negotiated session as the SFU needs it.
 *
 * @param tracks               its tracks; the index in this list is the track number viewers refer to
 *                             (empty for a publisher of data channel messages only)
 * @param headerExtensions     {@code a=extmap} URI to id, as negotiated with the publisher
 * @param transportCcFeedback  {@code a=rtcp-fb transport-cc} negotiated (and the transport-cc extension
 *                             in {@code headerExtensions}): the SFU sends transport-cc feedback, which
 *                             Chromium's send-side bandwidth estimator needs to ramp up
 * @param rembFeedback         {@code a=rtcp-fb goog-remb} negotiated: REMB is sent when transport-cc is not
 */
public record SourceDescription(List<TrackDescription> tracks, Map<String, Integer> headerExtensions,
                                   boolean transportCcFeedback, boolean rembFeedback) {
    public SourceDescription {
        tracks = List.copyOf(tracks);
        headerExtensions = Map.copyOf(headerExtensions);
    }
}
