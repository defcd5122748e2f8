package dev.osprey.media.service.negotiation;

import dev.osprey.media.Broadcast;
import dev.osprey.media.MediaKind;
import dev.osprey.media.SourceDescription;
import dev.osprey.media.TrackDescription;
import dev.osprey.media.service.MediaException;
import dev.osprey.webrtc.sdp.ExtMap;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.RtcpFeedback;
import dev.osprey.webrtc.sdp.RtpCodec;
import dev.osprey.webrtc.sdp.SessionDescription;
import dev.osprey.webrtc.sdp.negotiation.HeaderExtensions;
import dev.osprey.webrtc.sdp.negotiation.MediaOutcome;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.RemotePeer;
import dev.osprey.webrtc.transport.TransportSdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers a publisher's re-offer on its running connection (JSEP subsequent offer): the transport stays
 * (same ICE credentials and DTLS fingerprint on both sides), every m-line it had keeps its mid, kind and
 * codec, a new sending m-line becomes a new track, and an m-line set to inactive, recvonly or port 0
 * removes its track. Whatever cannot be kept that way is refused with a {@link MediaException} and the
 * running session stays as it was: a changed kind, a missing mid, no BUNDLE, no acceptable codec for a
 * new track, and an ICE restart or a new certificate (the SDK never restarts ICE: it publishes again).
 *
 * <p>The data channel section is answered as before: accepted when the first offer had one, otherwise
 * rejected (an SCTP association is not added to a running connection).
 */
public final class PublishRenegotiation {

    /** What a publisher negotiated so far (all its tracks in broadcast order, inactive ones too). */
    public record State(RemotePeer remote, SourceDescription description, List<PublishedTrack> tracks,
                 boolean dataChannel) {
        public State {
            tracks = List.copyOf(tracks);
        }

        PublishedTrack trackByMid(String mid) {
            for (PublishedTrack t : tracks) {
                if (t.mid().equals(mid)) {
                    return t;
                }
            }
            return null;
        }
    }

    /** The answer to send and the state it establishes. */
    public record Result(String answerSdp, State state) {
    }

    private PublishRenegotiation() {
    }

    public static Result renegotiate(State current, String offerSdp, LocalTransport local, String sessionId)
            throws MediaException {
        SessionDescription offer = parse(offerSdp);
        if (offer.bundleGroup() == null) {
            throw refused("the re-offer has no BUNDLE group");
        }
        for (PublishedTrack t : current.tracks()) {
            MediaSection m = offer.mediaByMid(t.mid());
            if (m == null) {
                throw refused("the re-offer drops mid " + t.mid());
            }
            if (!m.type().equals(t.kind())) {
                throw refused("mid " + t.mid() + " changed kind from " + t.kind() + " to " + m.type());
            }
            if (sends(m) && !sameCodecOffered(m, t.codec())) {
                throw refused("mid " + t.mid() + " no longer offers " + t.codec().name() + "/"
                        + t.codec().payloadType());
            }
        }
        // First pass: our preferred codec for each new sending section; the kept tracks keep theirs.
        TransportSdp.Answer first = PublishNegotiation.answer(offerSdp, PublishNegotiation.capabilities(
                PublishNegotiation.VIDEO_CODECS, PublishNegotiation.AUDIO_CODECS, current.dataChannel()),
                local, sessionId);
        Set<Integer> videoTypes = new HashSet<>();
        Set<Integer> audioTypes = new HashSet<>();
        for (PublishedTrack t : current.tracks()) {
            (MediaSection.VIDEO.equals(t.kind()) ? videoTypes : audioTypes).add(t.codec().payloadType());
        }
        for (MediaOutcome m : first.result().media()) {
            MediaSection section = offer.media().get(m.index());
            if (MediaSection.APPLICATION.equals(section.type()) || current.trackByMid(section.mid()) != null
                    || !sends(section)) {
                continue;
            }
            RtpCodec primary = m.accepted() ? PublishNegotiation.primary(m.codecs()) : null;
            if (primary == null) {
                throw refused("no acceptable codec for the new " + section.type() + " m-line (mid "
                        + section.mid() + (m.reason() == null ? "" : ": " + m.reason()) + ")");
            }
            (MediaSection.VIDEO.equals(m.kind()) ? videoTypes : audioTypes).add(primary.payloadType());
        }
        TransportSdp.Answer answer = PublishNegotiation.answer(offerSdp, PublishNegotiation.capabilities(
                List.of(PublishNegotiation.payloadTypeIn("kept video", videoTypes)),
                List.of(PublishNegotiation.payloadTypeIn("kept audio", audioTypes)), current.dataChannel()),
                local, sessionId);
        requireSameTransport(current.remote(), answer.remote());

        List<PublishedTrack> tracks = new ArrayList<>(current.tracks());
        List<TrackDescription> descriptions = new ArrayList<>(current.description().tracks());
        Map<String, Integer> extensions = new HashMap<>(current.description().headerExtensions());
        boolean transportCc = current.description().transportCcFeedback();
        boolean remb = current.description().rembFeedback();
        for (MediaOutcome m : answer.result().media()) {
            MediaSection section = offer.media().get(m.index());
            if (MediaSection.APPLICATION.equals(section.type())) {
                continue;
            }
            PublishedTrack kept = current.trackByMid(section.mid());
            boolean receiving = m.accepted() && m.direction() != null && m.direction().receives();
            RtpCodec primary = receiving ? PublishNegotiation.primary(m.codecs()) : null;
            if (kept == null && primary == null) {
                continue; // a new section that sends nothing (e.g. a recvonly transceiver): no track
            }
            int index = kept == null ? tracks.size() : tracks.indexOf(kept);
            if (primary == null) {
                tracks.set(index, kept.withActive(false));
                continue;
            }
            if (kept != null && primary.payloadType() != kept.codec().payloadType()) {
                throw refused("mid " + section.mid() + " would change codec");
            }
            RtpCodec rtx = PublishNegotiation.rtxFor(m.codecs(), primary.payloadType());
            long[] ssrcs = PublishNegotiation.ssrcs(section, rtx != null);
            if (ssrcs == null) {
                throw refused("mid " + section.mid() + " announces no a=ssrc");
            }
            boolean video = MediaSection.VIDEO.equals(m.kind());
            TrackDescription description = new TrackDescription(video ? MediaKind.VIDEO : MediaKind.AUDIO,
                    primary.name(), primary.payloadType(), primary.clockRate(), (int) ssrcs[0], (int) ssrcs[1],
                    rtx == null ? -1 : rtx.payloadType(), primary.feedback().contains(RtcpFeedback.NACK),
                    primary.feedback().contains(RtcpFeedback.CCM_FIR));
            // A kept track keeps its negotiated codec record: viewers were offered exactly that.
            PublishedTrack track = kept != null ? kept.withActive(true)
                    : new PublishedTrack(m.kind(), primary, rtx, section.mid(), true);
            if (kept == null) {
                tracks.add(track);
                descriptions.add(description);
            } else {
                tracks.set(index, track);
                descriptions.set(index, description);
            }
            for (ExtMap e : m.extensions()) {
                extensions.putIfAbsent(e.uri(), e.id());
            }
            transportCc |= primary.feedback().contains(RtcpFeedback.TRANSPORT_CC);
            remb |= primary.feedback().contains(RtcpFeedback.GOOG_REMB);
        }
        if (tracks.size() > Broadcast.MAX_TRACKS) {
            throw refused("more than " + Broadcast.MAX_TRACKS + " tracks");
        }
        SourceDescription description = new SourceDescription(descriptions, extensions,
                transportCc && extensions.containsKey(HeaderExtensions.TRANSPORT_CC), remb);
        // Same transport (checked above); the re-offer's peer also carries the SSRCs of added tracks.
        return new Result(answer.sdp(), new State(answer.remote(), description, tracks, current.dataChannel()));
    }

    private static SessionDescription parse(String offerSdp) throws MediaException {
        try {
            return OfferSdp.parse(offerSdp);
        } catch (MediaException e) {
            throw refused(e.getMessage());
        }
    }

    /** The publisher sends on the section (not port 0, not inactive or recvonly). */
    private static boolean sends(MediaSection m) {
        return !m.isRejected() && m.effectiveDirection().sends();
    }

    private static boolean sameCodecOffered(MediaSection m, RtpCodec kept) {
        RtpCodec offered = m.codec(kept.payloadType());
        return offered != null && offered.name().equalsIgnoreCase(kept.name())
                && offered.clockRate() == kept.clockRate();
    }

    /** ICE restart and a new DTLS certificate or role would need a new transport: refused. */
    private static void requireSameTransport(RemotePeer before, RemotePeer now) throws MediaException {
        if (!before.ice().equals(now.ice())) {
            throw refused("ICE restart is not supported (publish again instead)");
        }
        if (!before.fingerprint().equals(now.fingerprint()) || before.localDtlsRole() != now.localDtlsRole()) {
            throw refused("the DTLS fingerprint or role changed");
        }
    }

    private static MediaException refused(String why) {
        return new MediaException(MediaException.Kind.UNACCEPTABLE_OFFER, "renegotiation refused: " + why);
    }
}
