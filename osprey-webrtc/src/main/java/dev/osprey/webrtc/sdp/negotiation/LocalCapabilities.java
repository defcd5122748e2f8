package dev.osprey.webrtc.sdp.negotiation;

import dev.osprey.webrtc.sdp.Direction;
import dev.osprey.webrtc.sdp.RtcpFeedback;

import java.util.List;

/**
 * What this endpoint accepts when answering an offer.
 *
 * @param audioCodecs       accepted audio codecs, most preferred first
 * @param videoCodecs       accepted video codecs, most preferred first
 * @param rtx               accept rtx (RFC 4588) payload types paired with accepted codecs via apt
 * @param headerExtensions  accepted a=extmap URIs (the offerer's ids are kept)
 * @param rtcpFeedback      supported a=rtcp-fb entries; the answer carries the intersection
 * @param audioDirection    what we are willing to do with audio (e.g. recvonly for ingest)
 * @param videoDirection    what we are willing to do with video
 * @param dataChannels      accept an application/webrtc-datachannel section
 * @param sctpPort          our a=sctp-port
 * @param maxMessageSize    our a=max-message-size
 * @param simulcast         accept rid-based simulcast from the offerer
 * @param extmapAllowMixed  echo a=extmap-allow-mixed when offered
 */
public record LocalCapabilities(List<CodecCapability> audioCodecs, List<CodecCapability> videoCodecs,
                                boolean rtx, List<String> headerExtensions, List<RtcpFeedback> rtcpFeedback,
                                Direction audioDirection, Direction videoDirection,
                                boolean dataChannels, int sctpPort, long maxMessageSize,
                                boolean simulcast, boolean extmapAllowMixed) {

    public LocalCapabilities {
        audioCodecs = List.copyOf(audioCodecs);
        videoCodecs = List.copyOf(videoCodecs);
        headerExtensions = List.copyOf(headerExtensions);
        rtcpFeedback = List.copyOf(rtcpFeedback);
    }

    /**
     * A receiving SFU: VP8, VP9 profiles 0 and 2, H.264 (constrained) baseline with
     * packetization-mode 1, AV1, Opus; rtx; no red/ulpfec; receive-only; data channels on.
     */
    public static LocalCapabilities receiveDefaults() {
        return new LocalCapabilities(
                List.of(CodecCapability.opus()),
                List.of(CodecCapability.vp8(), CodecCapability.vp9(0, 2),
                        CodecCapability.h264(H264Profile.CONSTRAINED_BASELINE, H264Profile.BASELINE),
                        CodecCapability.av1()),
                true, HeaderExtensions.DEFAULT_ACCEPTED,
                List.of(RtcpFeedback.NACK, RtcpFeedback.NACK_PLI, RtcpFeedback.CCM_FIR, RtcpFeedback.GOOG_REMB,
                        RtcpFeedback.TRANSPORT_CC),
                Direction.RECVONLY, Direction.RECVONLY, true, 5000, 262144, true, true);
    }

    public LocalCapabilities withAudioCodecs(List<CodecCapability> codecs) {
        return new LocalCapabilities(codecs, videoCodecs, rtx, headerExtensions, rtcpFeedback, audioDirection,
                videoDirection, dataChannels, sctpPort, maxMessageSize, simulcast, extmapAllowMixed);
    }

    public LocalCapabilities withVideoCodecs(List<CodecCapability> codecs) {
        return new LocalCapabilities(audioCodecs, codecs, rtx, headerExtensions, rtcpFeedback, audioDirection,
                videoDirection, dataChannels, sctpPort, maxMessageSize, simulcast, extmapAllowMixed);
    }

    public LocalCapabilities withHeaderExtensions(List<String> uris) {
        return new LocalCapabilities(audioCodecs, videoCodecs, rtx, uris, rtcpFeedback, audioDirection,
                videoDirection, dataChannels, sctpPort, maxMessageSize, simulcast, extmapAllowMixed);
    }

    public LocalCapabilities withDirections(Direction audio, Direction video) {
        return new LocalCapabilities(audioCodecs, videoCodecs, rtx, headerExtensions, rtcpFeedback, audio,
                video, dataChannels, sctpPort, maxMessageSize, simulcast, extmapAllowMixed);
    }

    public LocalCapabilities withDataChannels(boolean enabled) {
        return new LocalCapabilities(audioCodecs, videoCodecs, rtx, headerExtensions, rtcpFeedback, audioDirection,
                videoDirection, enabled, sctpPort, maxMessageSize, simulcast, extmapAllowMixed);
    }

    public LocalCapabilities withRtx(boolean enabled) {
        return new LocalCapabilities(audioCodecs, videoCodecs, enabled, headerExtensions, rtcpFeedback,
                audioDirection, videoDirection, dataChannels, sctpPort, maxMessageSize, simulcast, extmapAllowMixed);
    }
}
