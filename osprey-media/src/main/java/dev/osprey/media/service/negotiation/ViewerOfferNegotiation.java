package dev.osprey.media.service.negotiation;

import dev.osprey.media.ViewerTrackDescription;
import dev.osprey.media.service.MediaException;
import dev.osprey.webrtc.sctp.SctpConfig;
import dev.osprey.webrtc.sdp.Direction;
import dev.osprey.webrtc.sdp.ExtMap;
import dev.osprey.webrtc.sdp.Group;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.MsidSemantic;
import dev.osprey.webrtc.sdp.RtpCodec;
import dev.osprey.webrtc.sdp.SdpWriter;
import dev.osprey.webrtc.sdp.SessionDescription;
import dev.osprey.webrtc.sdp.negotiation.CodecCapability;
import dev.osprey.webrtc.sdp.negotiation.LocalCapabilities;
import dev.osprey.webrtc.sdp.negotiation.MediaOutcome;
import dev.osprey.webrtc.sdp.negotiation.SdpAnswerer;
import dev.osprey.webrtc.sdp.negotiation.SendTrack;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.TransportSdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Answers a viewer's offer (WHEP: the player offers recvonly audio and video) with the publisher's tracks.
 *
 * <p>Each offered audio or video m-line the viewer receives on takes the next active published track of its
 * kind, when it offers a codec with the track's {@link CodecKey}: the first such codec in the viewer's order,
 * under the viewer's payload type, with the viewer's rtx payload type when it offered rtx for it. The answer
 * is {@code sendonly} with {@code a=msid} and {@code a=ssrc} lines (forwarded packets carry no MID, so the
 * viewer demultiplexes by SSRC), keeps the viewer's mids and extmap ids (of the extensions the forwarding
 * keeps: audio level and abs-send-time, as in the server's own play offers) and the same rtcp-fb. An m-line
 * the stream cannot fill (another kind, no common codec, every track of its kind taken, not receiving) is
 * rejected with port 0 (RFC 8829 5.3.1); the data channel m-line is accepted when data channels are on.
 * Transport: ICE-lite, our fingerprint and host candidates, {@code a=setup:passive} to an actpass offer (the
 * server is the DTLS server, as for its own offers), all through {@link TransportSdp#answer}.
 *
 * <p>An offer with no m-line the stream can fill, without ICE credentials or fingerprint, unparseable or
 * too large ({@link dev.osprey.webrtc.sdp.SdpLimits}), or with one extension under two ids across the
 * bundle is refused with a {@link MediaException}. Stateless; any thread.
 */
public final class ViewerOfferNegotiation {

    /** The extensions forwarded to viewers (the server's play offers carry the same). */
    static final List<String> FORWARDED_EXTENSIONS = List.copyOf(PlayOffer.VIEWER_EXTENSIONS.keySet());

    /** An offered m-line that will carry published track {@code track} in the codec with {@code payloadType}. */
    private record Assignment(int track, int payloadType) {
    }

    private ViewerOfferNegotiation() {
    }

    /**
     * @param tracks the publisher's tracks (broadcast order, inactive ones included)
     * @throws MediaException {@link MediaException.Kind#UNACCEPTABLE_OFFER} when the offer cannot be answered
     */
    public static PlayAnswer negotiate(String streamId, List<PublishedTrack> tracks, String offerSdp,
                                       boolean dataChannels, LocalTransport local, String sessionId)
            throws MediaException {
        SessionDescription offer = OfferSdp.parse(offerSdp);
        Map<Integer, Assignment> assignments = assign(offer, tracks);
        Set<Integer> videoTypes = new HashSet<>();
        Set<Integer> audioTypes = new HashSet<>();
        for (Map.Entry<Integer, Assignment> e : assignments.entrySet()) {
            boolean video = MediaSection.VIDEO.equals(offer.media().get(e.getKey()).type());
            (video ? videoTypes : audioTypes).add(e.getValue().payloadType());
        }
        TransportSdp.Answer answered = PublishNegotiation.answer(offerSdp,
                capabilities(videoTypes, audioTypes, dataChannels), local, sessionId);
        SessionDescription answer = answered.result().answer();

        String cname = "osprey-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        List<ViewerTrackDescription> accepted = new ArrayList<>();
        Map<String, String> idMapping = new LinkedHashMap<>();
        List<String> acceptedMids = new ArrayList<>();
        Map<String, Integer> extensions = new HashMap<>();
        long dataMaxMessageSize = DataChannelSdp.NOT_ACCEPTED;
        for (MediaOutcome m : answered.result().media()) {
            MediaSection offered = offer.media().get(m.index());
            Assignment assignment = assignments.get(m.index());
            if (m.accepted() && MediaSection.APPLICATION.equals(m.kind())) {
                Long size = offered.maxMessageSize();
                dataMaxMessageSize = size == null ? PublishNegotiation.DEFAULT_REMOTE_MAX_MESSAGE_SIZE : size;
                acceptedMids.add(m.mid());
                continue;
            }
            MediaSection section = answer.media().get(m.index());
            RtpCodec codec = m.accepted() && assignment != null ? section.codec(assignment.payloadType()) : null;
            if (codec == null || m.direction() != Direction.SENDONLY) {
                if (m.accepted()) {
                    answer.media().set(m.index(), SdpAnswerer.rejectedSection(offered)); // a second m-line of a kind
                }
                acceptedMids.add(null);
                continue;
            }
            RtpCodec rtx = section.rtxFor(codec.payloadType());
            boolean video = MediaSection.VIDEO.equals(m.kind());
            SendTrack send = new SendTrack(m.kind(), m.mid(), codec, rtx == null ? null : rtx.payloadType(),
                    PlayOffer.randomSsrc(), rtx == null ? null : PlayOffer.randomSsrc(), streamId,
                    (video ? "ARDAMSv" : "ARDAMSa") + streamId, cname, m.extensions());
            send.announceIn(section);
            accepted.add(new ViewerTrackDescription(assignment.track(), codec.payloadType(), (int) send.ssrc(),
                    rtx == null ? 0 : send.rtxSsrc().intValue(), rtx == null ? -1 : rtx.payloadType()));
            idMapping.put(m.mid(), send.trackId());
            acceptedMids.add(m.mid());
            for (ExtMap e : m.extensions()) {
                Integer before = extensions.putIfAbsent(e.uri(), e.id());
                if (before != null && before != e.id()) {
                    throw refused("the bundled m-lines give " + e.uri() + " two ids");
                }
            }
        }
        if (accepted.isEmpty()) {
            throw refused("no audio or video m-line could be answered");
        }
        if (new HashSet<>(extensions.values()).size() != extensions.size()) {
            throw refused("the bundled m-lines give one extension id two meanings");
        }
        bundleAccepted(answer, acceptedMids);
        answer.setMsidSemantic(new MsidSemantic("WMS", List.of(streamId)));
        return new PlayAnswer(SdpWriter.write(answer), answered.remote(), accepted, idMapping, acceptedMids,
                extensions, dataMaxMessageSize);
    }

    /**
     * Which published track each offered m-line carries: m-lines in order, each taking the first active
     * unassigned track of its kind for which it offers a codec with the same key.
     */
    private static Map<Integer, Assignment> assign(SessionDescription offer, List<PublishedTrack> tracks)
            throws MediaException {
        Map<Integer, Assignment> out = new HashMap<>();
        Set<Integer> taken = new HashSet<>();
        StringJoiner why = new StringJoiner("; ");
        for (int i = 0; i < offer.media().size(); i++) {
            MediaSection m = offer.media().get(i);
            if (!m.isRtp() || m.isRejected()) {
                continue;
            }
            if (!m.effectiveDirection().receives()) {
                why.add("m-line " + i + " does not receive");
                continue;
            }
            Assignment found = null;
            for (int t = 0; t < tracks.size() && found == null; t++) {
                PublishedTrack track = tracks.get(t);
                if (track.active() && track.kind().equals(m.type()) && !taken.contains(t)) {
                    RtpCodec codec = sameCodec(m, track.codec());
                    if (codec != null) {
                        found = new Assignment(t, codec.payloadType());
                    }
                }
            }
            if (found == null) {
                why.add("m-line " + i + " (" + m.type() + "): the stream has no " + m.type() + " track in "
                        + m.codecs().stream().filter(c -> !c.isRtx() && c.name() != null)
                        .map(RtpCodec::rtpmapValue).distinct().toList() + " left");
                continue;
            }
            taken.add(found.track());
            out.put(i, found);
        }
        if (out.isEmpty()) {
            String reasons = why.toString();
            throw refused("no audio or video m-line the stream can fill" + (reasons.isEmpty() ? "" : ": " + reasons));
        }
        return out;
    }

    /** The first codec the viewer offers in {@code m} that decodes {@code published}'s stream, or null. */
    private static RtpCodec sameCodec(MediaSection m, RtpCodec published) {
        String key = CodecKey.of(published);
        for (RtpCodec c : m.codecs()) {
            if (!c.isRtx() && c.name() != null && key.equals(CodecKey.of(c))) {
                return c;
            }
        }
        return null;
    }

    /** Sending, the chosen payload types only (with their rtx), our extensions and the play offers' feedback. */
    private static LocalCapabilities capabilities(Set<Integer> videoTypes, Set<Integer> audioTypes,
                                                  boolean dataChannels) {
        LocalCapabilities d = LocalCapabilities.receiveDefaults();
        return new LocalCapabilities(chosen("audio", audioTypes), chosen("video", videoTypes), true,
                FORWARDED_EXTENSIONS, PlayOffer.VIDEO_FEEDBACK, Direction.SENDONLY, Direction.SENDONLY, dataChannels,
                SctpConfig.WEBRTC_PORT, SctpConfig.DEFAULT_MAX_MESSAGE_SIZE, false, d.extmapAllowMixed());
    }

    private static List<CodecCapability> chosen(String kind, Set<Integer> types) {
        return types.isEmpty() ? List.of() : List.of(PublishNegotiation.payloadTypeIn("chosen " + kind, types));
    }

    /** The BUNDLE group names the accepted m-lines only (the answerer's group may hold one we rejected since). */
    private static void bundleAccepted(SessionDescription answer, List<String> acceptedMids) {
        answer.groups().replaceAll(g -> {
            if (!Group.BUNDLE.equals(g.semantics())) {
                return g;
            }
            List<String> mids = new ArrayList<>(g.mids());
            mids.retainAll(acceptedMids);
            return new Group(Group.BUNDLE, mids);
        });
    }

    private static MediaException refused(String why) {
        return new MediaException(MediaException.Kind.UNACCEPTABLE_OFFER, why);
    }
}
