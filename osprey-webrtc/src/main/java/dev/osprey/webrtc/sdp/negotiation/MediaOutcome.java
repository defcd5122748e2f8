package dev.osprey.webrtc.sdp.negotiation;

import dev.osprey.webrtc.sdp.Direction;
import dev.osprey.webrtc.sdp.ExtMap;
import dev.osprey.webrtc.sdp.RtpCodec;

import java.util.List;

/**
 * How one offered m= section was answered.
 *
 * @param index      position of the section in the offer
 * @param mid        its mid (null if the offer had none)
 * @param kind       media type (audio, video, application, ...)
 * @param accepted   false when answered with port 0
 * @param reason     why it was rejected; null when accepted
 * @param codecs     accepted codecs in answer order (primaries each followed by their rtx)
 * @param extensions accepted header extensions with the offerer's ids
 * @param direction  answered direction; null for rejected and data sections
 */
public record MediaOutcome(int index, String mid, String kind, boolean accepted, String reason,
                           List<RtpCodec> codecs, List<ExtMap> extensions, Direction direction) {

    public MediaOutcome {
        codecs = List.copyOf(codecs);
        extensions = List.copyOf(extensions);
    }

    static MediaOutcome rejected(int index, String mid, String kind, String reason) {
        return new MediaOutcome(index, mid, kind, false, reason, List.of(), List.of(), null);
    }
}
