package dev.osprey.webrtc.sdp.negotiation;

import java.util.List;

/** RTP header extension URIs WebRTC peers negotiate (RFC 8285 a=extmap). */
public final class HeaderExtensions {

    public static final String TRANSPORT_CC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public static final String SDES_MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public static final String RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public static final String REPAIRED_RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    public static final String SSRC_AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    public static final String TOFFSET = "urn:ietf:params:rtp-hdrext:toffset";
    public static final String VIDEO_ORIENTATION = "urn:3gpp:video-orientation";
    public static final String PLAYOUT_DELAY = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";

    /** What an SFU needs: congestion control, bundling demux, simulcast ids and audio levels. */
    public static final List<String> DEFAULT_ACCEPTED = List.of(TRANSPORT_CC, ABS_SEND_TIME, SDES_MID,
            RTP_STREAM_ID, REPAIRED_RTP_STREAM_ID, SSRC_AUDIO_LEVEL);

    private HeaderExtensions() {
    }
}
