package dev.osprey.media.service;

import java.util.List;
import java.util.Map;

/**
 * One offer (first or re-offer) to a single-stream viewer, as {@link PlaySections} built it.
 *
 * @param sdp       the offer
 * @param idMapping mid → track id of the sections that carry a track, for {@code takeConfiguration}
 * @param mids      every mid in m-line order (for trickled candidates)
 */
record PlayOffer(String sdp, Map<String, String> idMapping, List<String> mids) {

    /** The header extension ids every play offer (single-stream and room) uses. */
    static final int AUDIO_LEVEL_ID = 1;
    static final int ABS_SEND_TIME_ID = 2;

    PlayOffer {
        idMapping = Map.copyOf(idMapping);
        mids = List.copyOf(mids);
    }
}
