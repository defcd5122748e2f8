package dev.osprey.media.service.negotiation;

import dev.osprey.media.MediaKind;
import dev.osprey.media.SourceDescription;
import dev.osprey.media.TrackDescription;
import dev.osprey.media.service.MediaException;
import dev.osprey.webrtc.sctp.SctpConfig;
import dev.osprey.webrtc.sdp.Direction;
import dev.osprey.webrtc.sdp.ExtMap;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.RtcpFeedback;
import dev.osprey.webrtc.sdp.RtpCodec;
import dev.osprey.webrtc.sdp.SessionDescription;
import dev.osprey.webrtc.sdp.SsrcGroup;
import dev.osprey.webrtc.sdp.negotiation.CodecCapability;
import dev.osprey.webrtc.sdp.negotiation.H264Profile;
import dev.osprey.webrtc.sdp.negotiation.HeaderExtensions;
import dev.osprey.webrtc.sdp.negotiation.LocalCapabilities;
import dev.osprey.webrtc.sdp.negotiation.MediaOutcome;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.SdpRejectedException;
import dev.osprey.webrtc.transport.TransportSdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers a publisher's offer with exactly one codec per track (plus its rtx), so that every packet
 * the publisher may send is one the broadcast forwards, and describes the result for the SFU.
 *
 * <p>Two passes: the first finds, per section, the first offered codec we accept in our order of
 * preference (VP8, VP9 profiles 0/2, H.264 packetization-mode 1 in the profiles Chromium offers,
 * AV1; Opus); the second answers with only that payload type. red and ulpfec are never accepted,
 * nor rid simulcast. The {@code m=application} data channel section is accepted when data channels
 * are enabled; a publisher may offer only that section (the SDK's {@code onlyDataChannel}).
 */
public final class PublishNegotiation {

    static final List<CodecCapability> VIDEO_CODECS = List.of(CodecCapability.vp8(), CodecCapability.vp9(0, 2),
            CodecCapability.h264(H264Profile.CONSTRAINED_BASELINE, H264Profile.BASELINE, H264Profile.MAIN),
            CodecCapability.av1());
    static final List<CodecCapability> AUDIO_CODECS = List.of(CodecCapability.opus());

    /**
     * The answer, the SFU's view of the publisher, the tracks in the same order, and whether a data channel
     * section was accepted with the peer's {@code a=max-message-size} (RFC 8841: 65536 when absent, 0 = no limit).
     */
    public record Result(TransportSdp.Answer answer, SourceDescription description, List<PublishedTrack> tracks,
                  boolean dataChannel, long remoteMaxMessageSize) {
    }

    /** RFC 8841 6: the limit to assume when the peer's section has no {@code a=max-message-size}. */
    static final long DEFAULT_REMOTE_MAX_MESSAGE_SIZE = 65_536;

    private PublishNegotiation() {
    }

    public static Result negotiate(String offerSdp, boolean video, boolean audio, boolean dataChannels,
                                   LocalTransport local, String sessionId) throws MediaException {
        SessionDescription offer = OfferSdp.parse(offerSdp);
        LocalCapabilities caps = capabilities(video ? VIDEO_CODECS : List.of(), audio ? AUDIO_CODECS : List.of(),
                dataChannels);
        TransportSdp.Answer first = answer(offerSdp, caps, local, sessionId);
        Set<Integer> videoTypes = new HashSet<>();
        Set<Integer> audioTypes = new HashSet<>();
        for (MediaOutcome m : first.result().media()) {
            RtpCodec primary = m.accepted() ? primary(m.codecs()) : null;
            if (primary != null) {
                (MediaSection.VIDEO.equals(m.kind()) ? videoTypes : audioTypes).add(primary.payloadType());
            }
        }
        TransportSdp.Answer answer = answer(offerSdp, capabilities(
                videoTypes.isEmpty() ? List.of() : List.of(payloadTypeIn("chosen video", videoTypes)),
                audioTypes.isEmpty() ? List.of() : List.of(payloadTypeIn("chosen audio", audioTypes)), dataChannels),
                local, sessionId);

        List<TrackDescription> tracks = new ArrayList<>();
        List<PublishedTrack> published = new ArrayList<>();
        Map<String, Integer> extensions = new HashMap<>();
        boolean transportCc = false;
        boolean remb = false;
        boolean data = false;
        long remoteMaxMessageSize = DEFAULT_REMOTE_MAX_MESSAGE_SIZE;
        for (MediaOutcome m : answer.result().media()) {
            if (m.accepted() && MediaSection.APPLICATION.equals(m.kind())) {
                data = true;
                Long offered = offer.media().get(m.index()).maxMessageSize();
                if (offered != null) {
                    remoteMaxMessageSize = offered;
                }
                continue;
            }
            RtpCodec primary = m.accepted() ? primary(m.codecs()) : null;
            if (primary == null) {
                continue;
            }
            RtpCodec rtx = rtxFor(m.codecs(), primary.payloadType());
            MediaSection section = offer.media().get(m.index());
            long[] ssrcs = ssrcs(section, rtx != null);
            if (ssrcs == null) {
                throw new MediaException(MediaException.Kind.UNACCEPTABLE_OFFER, "m-line " + m.index()
                        + " announces no a=ssrc (rid-only simulcast is not supported)");
            }
            boolean isVideo = MediaSection.VIDEO.equals(m.kind());
            tracks.add(new TrackDescription(isVideo ? MediaKind.VIDEO : MediaKind.AUDIO, primary.name(),
                    primary.payloadType(), primary.clockRate(), (int) ssrcs[0], (int) ssrcs[1],
                    rtx == null ? -1 : rtx.payloadType(), primary.feedback().contains(RtcpFeedback.NACK),
                    primary.feedback().contains(RtcpFeedback.CCM_FIR)));
            published.add(new PublishedTrack(m.kind(), primary, rtx, m.mid(), true));
            for (ExtMap e : m.extensions()) {
                extensions.putIfAbsent(e.uri(), e.id());
            }
            transportCc |= primary.feedback().contains(RtcpFeedback.TRANSPORT_CC);
            remb |= primary.feedback().contains(RtcpFeedback.GOOG_REMB);
        }
        if (tracks.isEmpty() && !data) {
            throw new MediaException(MediaException.Kind.UNACCEPTABLE_OFFER, "no audio or video track accepted");
        }
        return new Result(answer, new SourceDescription(tracks, extensions,
                transportCc && extensions.containsKey(HeaderExtensions.TRANSPORT_CC), remb), published,
                data, remoteMaxMessageSize);
    }

    static TransportSdp.Answer answer(String offerSdp, LocalCapabilities caps, LocalTransport local,
                                              String sessionId) throws MediaException {
        try {
            return TransportSdp.answer(offerSdp, caps, local, sessionId);
        } catch (SdpRejectedException e) {
            throw new MediaException(MediaException.Kind.UNACCEPTABLE_OFFER, e.getMessage());
        }
    }

    static LocalCapabilities capabilities(List<CodecCapability> video, List<CodecCapability> audio,
                                                  boolean dataChannels) {
        LocalCapabilities d = LocalCapabilities.receiveDefaults();
        return new LocalCapabilities(audio, video, true, d.headerExtensions(), d.rtcpFeedback(), Direction.RECVONLY,
                Direction.RECVONLY, dataChannels, SctpConfig.WEBRTC_PORT, SctpConfig.DEFAULT_MAX_MESSAGE_SIZE, false,
                d.extmapAllowMixed());
    }

    static CodecCapability payloadTypeIn(String description, Set<Integer> types) {
        return CodecCapability.matching(description + " " + types, c -> types.contains(c.payloadType()));
    }

    static RtpCodec primary(List<RtpCodec> codecs) {
        for (RtpCodec c : codecs) {
            if (!c.isRtx()) {
                return c;
            }
        }
        return null;
    }

    static RtpCodec rtxFor(List<RtpCodec> codecs, int payloadType) {
        for (RtpCodec c : codecs) {
            if (c.isRtx() && c.associatedPayloadType() == payloadType) {
                return c;
            }
        }
        return null;
    }

    /** {media, rtx} SSRCs of a section (rtx from its FID group, 0 without), or null when it announces none. */
    static long[] ssrcs(MediaSection section, boolean wantRtx) {
        for (SsrcGroup g : section.ssrcGroups()) {
            if (SsrcGroup.FID.equals(g.semantics()) && g.ssrcs().size() == 2) {
                return new long[] {g.ssrcs().get(0), wantRtx ? g.ssrcs().get(1) : 0};
            }
        }
        List<Long> ids = section.ssrcIds();
        return ids.isEmpty() ? null : new long[] {ids.get(0), 0};
    }
}
