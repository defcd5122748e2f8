package dev.osprey.webrtc.sdp.negotiation;

import dev.osprey.webrtc.sdp.ExtMap;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.Msid;
import dev.osprey.webrtc.sdp.RtpCodec;
import dev.osprey.webrtc.sdp.SsrcAttribute;
import dev.osprey.webrtc.sdp.SsrcGroup;

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

    /**
     * Announces the track in a section that sends it, offer or answer: {@code a=msid}, the FID group with
     * rtx, and {@code a=ssrc} cname and msid lines for each SSRC (receivers demultiplex by them when the
     * packets carry no MID).
     */
    public void announceIn(MediaSection m) {
        m.msids().add(new Msid(streamId, trackId));
        if (rtxSsrc != null) {
            m.ssrcGroups().add(new SsrcGroup(SsrcGroup.FID, List.of(ssrc, rtxSsrc)));
        }
        String msid = streamId + ' ' + trackId;
        for (Long s : rtxSsrc == null ? List.of(ssrc) : List.of(ssrc, rtxSsrc)) {
            m.ssrcs().add(new SsrcAttribute(s, "cname", cname));
            m.ssrcs().add(new SsrcAttribute(s, "msid", msid));
        }
    }
}
