package dev.osprey.media.service.negotiation;

import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.RtpCodec;
import dev.osprey.webrtc.sdp.SdpParseException;
import dev.osprey.webrtc.sdp.SdpParser;
import dev.osprey.webrtc.sdp.SessionDescription;

import java.util.HashMap;
import java.util.Map;

/**
 * What a viewer's answer (to a single-stream or room play offer) accepted, per mid: whether the section
 * was rejected (port 0), and the payload types it assigned to the codec offered there. The answer decides:
 * a section whose answer lacks the offered codec is not forwarded to.
 */
public final class AnswerSections {

    /** The payload types a section's answer gave the offered codec and its rtx (-1 when rtx was declined). */
    public record Accepted(int payloadType, int rtxPayloadType) {
    }

    private final Map<String, MediaSection> sections;

    private AnswerSections(Map<String, MediaSection> sections) {
        this.sections = sections;
    }

    /** @throws SdpParseException when the answer is not SDP */
    static AnswerSections parse(String sdp) {
        SessionDescription answer = SdpParser.parse(sdp);
        Map<String, MediaSection> byMid = new HashMap<>();
        for (MediaSection m : answer.media()) {
            if (m.mid() != null) {
                byMid.putIfAbsent(m.mid(), m);
            }
        }
        return new AnswerSections(byMid);
    }

    /** The answer rejected the section (port 0) or left it out. */
    public boolean rejected(String mid) {
        MediaSection m = sections.get(mid);
        return m == null || m.isRejected();
    }

    /**
     * The payload types the answer uses in section {@code mid} for {@code offered} (matched by
     * {@link CodecKey}, not by number), or null when the section is rejected or lacks the codec.
     */
    public Accepted accepted(String mid, RtpCodec offered) {
        if (rejected(mid)) {
            return null;
        }
        MediaSection m = sections.get(mid);
        String key = CodecKey.of(offered);
        for (RtpCodec c : m.codecs()) {
            if (!c.isRtx() && c.name() != null && key.equals(CodecKey.of(c))) {
                RtpCodec rtx = m.rtxFor(c.payloadType());
                return new Accepted(c.payloadType(), rtx == null ? -1 : rtx.payloadType());
            }
        }
        return null;
    }
}
