package dev.osprey.webrtc.sdp.negotiation;

import dev.osprey.webrtc.sdp.Connection;
import dev.osprey.webrtc.sdp.Direction;
import dev.osprey.webrtc.sdp.ExtMap;
import dev.osprey.webrtc.sdp.Group;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.Origin;
import dev.osprey.webrtc.sdp.Rid;
import dev.osprey.webrtc.sdp.RtcpFeedback;
import dev.osprey.webrtc.sdp.RtpCodec;
import dev.osprey.webrtc.sdp.SdpCandidate;
import dev.osprey.webrtc.sdp.SessionDescription;
import dev.osprey.webrtc.sdp.Setup;
import dev.osprey.webrtc.sdp.Simulcast;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Answers a remote offer (RFC 3264, JSEP RFC 8829) for a single-transport, BUNDLE-only endpoint.
 * <p>
 * Per section: accepted codecs follow the local preference order with the offerer's payload
 * types, each followed by its rtx; rtcp-fb is the intersection with the local list; header
 * extensions keep the offerer's ids; the direction is the offered one reversed and limited to
 * what we want to do. Sections we cannot take are answered with port 0. The answer never sends
 * media of its own (no msid/ssrc); server-to-client media goes through {@link OfferBuilder}.
 */
public final class SdpAnswerer {

    private SdpAnswerer() {
    }

    public static NegotiationResult answer(SessionDescription offer, LocalCapabilities caps,
                                           TransportParameters local, String sessionId) {
        SessionDescription answer = new SessionDescription(Origin.of(sessionId, 2));
        answer.setIceLite(local.iceLite());
        Group offeredBundle = offer.bundleGroup();
        List<MediaOutcome> outcomes = new ArrayList<>();
        Set<String> acceptedMids = new HashSet<>();
        Setup localSetup = null;
        RemoteTransport remote = null;

        for (int i = 0; i < offer.media().size(); i++) {
            MediaSection om = offer.media().get(i);
            String reason = acceptedMids.contains(om.mid()) ? "duplicate mid"
                    : transportProblem(offer, om, offeredBundle, !acceptedMids.isEmpty());
            MediaSection am = null;
            MediaOutcome outcome = null;
            if (reason == null) {
                Setup setup = answerSetup(offer.setupFor(om));
                if (isDataChannel(om)) {
                    if (caps.dataChannels()) {
                        am = dataSection(om, caps);
                        outcome = new MediaOutcome(i, om.mid(), om.type(), true, null, List.of(), List.of(), null);
                    } else {
                        reason = "data channels are disabled";
                    }
                } else if (isRtpMedia(om)) {
                    am = new MediaSection(om.type(), 9, om.proto());
                    reason = negotiateRtp(om, caps, am);
                    if (reason == null) {
                        outcome = new MediaOutcome(i, om.mid(), om.type(), true, null, am.codecs(), am.extMaps(),
                                am.direction());
                    }
                } else {
                    reason = "unsupported media '" + om.type() + "' over " + om.proto();
                }
                if (reason == null) {
                    addTransport(am, om, local, setup);
                    acceptedMids.add(om.mid());
                    if (localSetup == null) {
                        localSetup = setup;
                        remote = RemoteTransport.of(offer, om);
                    }
                }
            }
            if (reason != null) {
                am = rejectedSection(om);
                outcome = MediaOutcome.rejected(i, om.mid(), om.type(), reason);
            }
            answer.media().add(am);
            outcomes.add(outcome);
        }

        if (offer.media().isEmpty()) {
            return new NegotiationResult.Failed("offer has no media sections", outcomes);
        }
        if (acceptedMids.isEmpty()) {
            StringJoiner why = new StringJoiner("; ", "no acceptable media section: ", "");
            for (MediaOutcome o : outcomes) {
                why.add("m-line " + o.index() + " (" + o.kind() + (o.mid() == null ? "" : ", mid " + o.mid()) + "): "
                        + o.reason());
            }
            return new NegotiationResult.Failed(why.toString(), outcomes);
        }
        if (offeredBundle != null) {
            List<String> mids = new ArrayList<>();
            for (String mid : offeredBundle.mids()) {
                if (acceptedMids.contains(mid) && !mids.contains(mid)) {
                    mids.add(mid);
                }
            }
            answer.groups().add(new Group(Group.BUNDLE, mids));
        }
        if (caps.extmapAllowMixed() && offerAllowsMixed(offer)) {
            answer.setExtmapAllowMixed(true);
        }
        return new NegotiationResult.Answered(answer, localSetup, remote, outcomes);
    }

    /** Why the section cannot share our one transport, or null when it can. */
    private static String transportProblem(SessionDescription offer, MediaSection om, Group bundle,
                                           boolean haveTransport) {
        if (om.isRejected()) {
            return "rejected by the offerer (port 0)";
        }
        if (om.mid() == null) {
            return "no a=mid";
        }
        if (bundle != null && !bundle.mids().contains(om.mid())) {
            return "not in the offer's BUNDLE group";
        }
        if (bundle == null && haveTransport) {
            return "offer has no BUNDLE group and only one transport is supported";
        }
        if (offer.iceUfragFor(om) == null || offer.icePwdFor(om) == null) {
            return "missing a=ice-ufrag or a=ice-pwd";
        }
        if (offer.fingerprintsFor(om).isEmpty()) {
            return "missing a=fingerprint (DTLS-SRTP is required)";
        }
        if (offer.setupFor(om) == Setup.HOLDCONN) {
            return "a=setup:holdconn is not supported";
        }
        return null;
    }

    /** RFC 8842: answer passive to actpass/active (we are the DTLS server), active to passive. */
    private static Setup answerSetup(Setup offered) {
        return offered == Setup.PASSIVE ? Setup.ACTIVE : Setup.PASSIVE;
    }

    private static boolean isDataChannel(MediaSection om) {
        return om.type().equals(MediaSection.APPLICATION) && om.proto().equals(MediaSection.PROTO_SCTP)
                && om.formats().contains(MediaSection.DATACHANNEL_FORMAT);
    }

    private static boolean isRtpMedia(MediaSection om) {
        return (om.type().equals(MediaSection.AUDIO) || om.type().equals(MediaSection.VIDEO))
                && om.proto().equals(MediaSection.PROTO_RTP);
    }

    /** Fills codecs, extensions, direction and RTCP flags of {@code am}; returns a rejection reason or null. */
    private static String negotiateRtp(MediaSection om, LocalCapabilities caps, MediaSection am) {
        if (!om.rtcpMux() && !om.rtcpMuxOnly()) {
            return "a=rtcp-mux is required";
        }
        boolean audio = om.type().equals(MediaSection.AUDIO);
        List<CodecCapability> wanted = audio ? caps.audioCodecs() : caps.videoCodecs();
        for (CodecCapability cap : wanted) {
            for (RtpCodec offered : om.codecs()) {
                if (offered.isRtx() || am.codec(offered.payloadType()) != null || !cap.matches(offered)) {
                    continue;
                }
                am.addCodec(offered.withFeedback(feedback(om, offered, caps)).withParameters(answerParameters(offered)));
                RtpCodec rtx = om.rtxFor(offered.payloadType());
                if (caps.rtx() && rtx != null && rtx.clockRate() == offered.clockRate()
                        && am.codec(rtx.payloadType()) == null) {
                    am.addCodec(rtx.withFeedback(List.of()));
                }
            }
        }
        if (am.codecs().isEmpty()) {
            StringJoiner offered = new StringJoiner(", ", "no acceptable codec (offered: ", ")");
            for (String format : om.formats()) {
                RtpCodec c = om.codec(Integer.parseInt(format));
                if (c == null || c.name() == null) {
                    offered.add("payload type " + format);
                } else if (!c.isRtx()) {
                    offered.add(c.rtpmapValue());
                }
            }
            return offered.toString();
        }
        for (ExtMap e : om.extMaps()) {
            if (caps.headerExtensions().contains(e.uri())) {
                am.extMaps().add(new ExtMap(e.id(), e.direction() == null ? null : e.direction().reverse(), e.uri(),
                        e.attributes()));
            }
        }
        Direction local = audio ? caps.audioDirection() : caps.videoDirection();
        Direction offered = om.effectiveDirection();
        am.setDirection(Direction.of(local.sends() && offered.receives(), local.receives() && offered.sends()));
        am.setRtcpMux(true);
        am.setRtcpRsize(om.rtcpRsize());
        if (caps.simulcast() && am.direction().receives() && om.simulcast() != null && om.simulcast().send() != null) {
            for (Rid rid : om.rids()) {
                if (rid.direction() == Direction.SENDONLY) {
                    am.rids().add(new Rid(rid.id(), Direction.RECVONLY, null));
                }
            }
            am.setSimulcast(new Simulcast(null, om.simulcast().send()));
        }
        return null;
    }

    /** Offered fmtp without sprop-* entries, which describe the offerer's own stream (RFC 7587, RFC 6184). */
    private static Map<String, String> answerParameters(RtpCodec offered) {
        Map<String, String> out = new LinkedHashMap<>();
        offered.parameters().forEach((k, v) -> {
            if (!k.regionMatches(true, 0, "sprop-", 0, 6)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The codec's offered feedback (plus a=rtcp-fb:* entries) that we also support. */
    private static List<RtcpFeedback> feedback(MediaSection om, RtpCodec offered, LocalCapabilities caps) {
        List<RtcpFeedback> out = new ArrayList<>();
        List<RtcpFeedback> all = new ArrayList<>(offered.feedback());
        all.addAll(om.wildcardFeedback());
        for (RtcpFeedback fb : all) {
            if (caps.rtcpFeedback().contains(fb) && !out.contains(fb)) {
                out.add(fb);
            }
        }
        return out;
    }

    private static MediaSection dataSection(MediaSection om, LocalCapabilities caps) {
        MediaSection am = new MediaSection(MediaSection.APPLICATION, 9, MediaSection.PROTO_SCTP);
        am.formats().add(MediaSection.DATACHANNEL_FORMAT);
        am.setSctpPort(caps.sctpPort());
        am.setMaxMessageSize(caps.maxMessageSize());
        return am;
    }

    /** ICE/DTLS attributes; every accepted section carries them, as libwebrtc does. */
    private static void addTransport(MediaSection am, MediaSection om, TransportParameters local, Setup setup) {
        if (local.candidates().isEmpty()) {
            am.setConnection(Connection.ANY_IP4);
        } else {
            // RFC 8839 §4.2.1.4: m= port and c= carry the default candidate
            SdpCandidate first = local.candidates().get(0);
            am.setPort(first.port());
            am.setConnection(Connection.of(first.address()));
            am.candidates().addAll(local.candidates());
            am.setEndOfCandidates(true); // ICE-lite gathers nothing later
        }
        am.setIceUfrag(local.iceUfrag());
        am.setIcePwd(local.icePwd());
        am.fingerprints().add(local.fingerprint());
        am.setSetup(setup);
        am.setMid(om.mid());
    }

    /**
     * The answer to an offered section that is not taken (RFC 8829 5.3.1): port 0, the offered formats (the
     * grammar needs one), no transport attributes, the mid kept.
     */
    public static MediaSection rejectedSection(MediaSection om) {
        MediaSection am = new MediaSection(om.type(), 0, om.proto());
        am.formats().addAll(om.formats());
        am.setConnection(Connection.ANY_IP4);
        am.setMid(om.mid());
        return am;
    }

    private static boolean offerAllowsMixed(SessionDescription offer) {
        if (offer.extmapAllowMixed()) {
            return true;
        }
        for (MediaSection m : offer.media()) {
            if (m.attribute("extmap-allow-mixed") != null) {
                return true;
            }
        }
        return false;
    }
}
