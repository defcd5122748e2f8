package dev.osprey.media.service.negotiation;

import dev.osprey.webrtc.sdp.ExtMap;
import dev.osprey.webrtc.sdp.RtcpFeedback;
import dev.osprey.webrtc.sdp.negotiation.HeaderExtensions;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One offer (first or re-offer) to a single-stream viewer, as {@link PlaySections} built it. Its constants
 * are what every play offer, single-stream and room, carries besides codecs and SSRCs.
 *
 * @param sdp       the offer
 * @param idMapping mid → track id of the sections that carry a track, for {@code takeConfiguration}
 * @param mids      every mid in m-line order (for trickled candidates)
 */
public record PlayOffer(String sdp, Map<String, String> idMapping, List<String> mids) {

    /** The header extension ids every play offer (single-stream and room) uses. */
    static final int AUDIO_LEVEL_ID = 1;
    static final int ABS_SEND_TIME_ID = 2;
    /** The extensions of every play offer's audio and video sections (those the forwarding keeps). */
    public static final List<ExtMap> AUDIO_EXTENSIONS = List.of(
            ExtMap.of(AUDIO_LEVEL_ID, HeaderExtensions.SSRC_AUDIO_LEVEL),
            ExtMap.of(ABS_SEND_TIME_ID, HeaderExtensions.ABS_SEND_TIME));
    public static final List<ExtMap> VIDEO_EXTENSIONS = List.of(
            ExtMap.of(ABS_SEND_TIME_ID, HeaderExtensions.ABS_SEND_TIME));
    /** The same extensions as a viewer's table (URI → id), what the broadcast writes into forwarded packets. */
    public static final Map<String, Integer> VIEWER_EXTENSIONS = Map.of(
            HeaderExtensions.SSRC_AUDIO_LEVEL, AUDIO_LEVEL_ID,
            HeaderExtensions.ABS_SEND_TIME, ABS_SEND_TIME_ID);
    /** Feedback offered with every video codec (audio gets none); one list, so equal keys give equal codecs. */
    public static final List<RtcpFeedback> VIDEO_FEEDBACK = List.of(RtcpFeedback.GOOG_REMB, RtcpFeedback.CCM_FIR,
            RtcpFeedback.NACK, RtcpFeedback.NACK_PLI);

    public PlayOffer {
        idMapping = Map.copyOf(idMapping);
        mids = List.copyOf(mids);
    }

    /** A random SSRC for an offered stream, never 0 (read as "none" in places). */
    public static long randomSsrc() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int v;
        do {
            v = random.nextInt();
        } while (v == 0);
        return Integer.toUnsignedLong(v);
    }
}
