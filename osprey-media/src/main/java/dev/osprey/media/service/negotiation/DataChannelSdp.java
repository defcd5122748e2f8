package dev.osprey.media.service.negotiation;

import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.SdpParseException;
import dev.osprey.webrtc.sdp.SdpParser;
import dev.osprey.webrtc.sdp.SessionDescription;

/** Reads the data channel section of a player's answer. */
final class DataChannelSdp {
    /** Returned when the answer declines (or lacks) the data channel section. */
    static final long NOT_ACCEPTED = -1;

    private DataChannelSdp() {
    }

    /**
     * The peer's {@code a=max-message-size} of the accepted {@code m=application} section (65536 when absent,
     * RFC 8841 6; 0 = no limit), or {@link #NOT_ACCEPTED}.
     */
    static long acceptedMaxMessageSize(String answerSdp) {
        SessionDescription answer;
        try {
            answer = SdpParser.parse(answerSdp);
        } catch (SdpParseException e) {
            return NOT_ACCEPTED;
        }
        for (MediaSection m : answer.media()) {
            if (MediaSection.APPLICATION.equals(m.type()) && !m.isRejected()
                    && MediaSection.PROTO_SCTP.equals(m.proto())) {
                Long size = m.maxMessageSize();
                return size == null ? PublishNegotiation.DEFAULT_REMOTE_MAX_MESSAGE_SIZE : size;
            }
        }
        return NOT_ACCEPTED;
    }
}
