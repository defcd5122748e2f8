package dev.osprey.webrtc.sdp.negotiation;

import dev.osprey.webrtc.sdp.ExtMap;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.RtpCodec;

import java.util.List;

/**
 * A track the server sends in an offer it creates (play side).
 *
 * @param kind            {@code audio} or {@code video}
 * @param mid             the section's mid
 * @param codec           payload type, rtpmap, fmtp and rtcp-fb of the one codec forwarded
 * @param rtxPayloadType  payload type for rtx paired with {@code codec}, or null for none
 * @param ssrc            media SSRC
 * @param rtxSsrc         rtx SSRC; required when {@code rtxPayloadType} is set
 * @param streamId        msid stream id (the MediaStream id seen by the browser)
 * @param trackId         msid track id
 * @param cname           RTCP CNAME
 * @param extensions      header extensions to offer
 */
public record SendTrack(String kind, String mid, RtpCodec codec, Integer rtxPayloadType, long ssrc, Long rtxSsrc,
                        String streamId, String trackId, String cname, List<ExtMap> extensions) {

    public SendTrack {
        if (!MediaSection.AUDIO.equals(kind) && !MediaSection.VIDEO.equals(kind)) {
            throw new IllegalArgumentException("kind must be audio or video: " + kind);
        }
        if (mid == null || codec == null || codec.name() == null || streamId == null || trackId == null
                || cname == null) {
            throw new IllegalArgumentException("mid, codec with rtpmap, stream id, track id and cname are required");
        }
        if ((rtxPayloadType == null) != (rtxSsrc == null)) {
            throw new IllegalArgumentException("rtx payload type and rtx ssrc go together");
        }
        extensions = List.copyOf(extensions);
    }
}
