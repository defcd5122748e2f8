package dev.osprey.media;

/**
 * One track the publisher sends, as negotiated in its SDP.
 *
 * @param kind           audio or video
 * @param codec          codec name as in {@code a=rtpmap} ("opus", "VP8", "VP9", "H264", "AV1"); case-insensitive
 * @param payloadType    the publisher's payload type for the codec
 * @param clockRate      RTP clock rate in Hz
 * @param ssrc           the publisher's media SSRC
 * @param rtxSsrc        the publisher's RTX SSRC (ignored without RTX)
 * @param rtxPayloadType the publisher's RTX payload type, or -1 when RTX is not negotiated
 * @param nack           {@code a=rtcp-fb nack} negotiated: the server NACKs losses on the publisher's leg
 * @param fir            {@code a=rtcp-fb ccm fir} negotiated: keyframe requests send a FIR besides the PLI
 */
public record TrackDescription(MediaKind kind, String codec, int payloadType, int clockRate, int ssrc,
                               int rtxSsrc, int rtxPayloadType, boolean nack, boolean fir) {
    public TrackDescription {
        if (kind == null || codec == null) {
            throw new IllegalArgumentException("kind and codec are required");
        }
        if (clockRate <= 0 || payloadType < 0 || payloadType > 127 || rtxPayloadType > 127) {
            throw new IllegalArgumentException("bad payload type or clock rate: " + payloadType + "/" + clockRate);
        }
    }

    public static TrackDescription audio(String codec, int payloadType, int clockRate, int ssrc) {
        return new TrackDescription(MediaKind.AUDIO, codec, payloadType, clockRate, ssrc, 0, -1, false, false);
    }

    public static TrackDescription video(String codec, int payloadType, int ssrc, int rtxSsrc, int rtxPayloadType) {
        return new TrackDescription(MediaKind.VIDEO, codec, payloadType, 90_000, ssrc, rtxSsrc, rtxPayloadType, true, true);
    }

    public boolean hasRtx() {
        return rtxPayloadType >= 0;
    }
}
