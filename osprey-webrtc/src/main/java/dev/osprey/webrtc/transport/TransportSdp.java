package dev.osprey.webrtc.transport;

import dev.osprey.webrtc.dtls.DtlsFingerprint;
import dev.osprey.webrtc.dtls.DtlsRole;
import dev.osprey.webrtc.dtls.InvalidFingerprintException;
import dev.osprey.webrtc.ice.IceCandidate;
import dev.osprey.webrtc.ice.IceCredentials;
import dev.osprey.webrtc.sdp.CandidateAttribute;
import dev.osprey.webrtc.sdp.Fingerprint;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.SdpCandidate;
import dev.osprey.webrtc.sdp.SdpParseException;
import dev.osprey.webrtc.sdp.SdpParser;
import dev.osprey.webrtc.sdp.SdpWriter;
import dev.osprey.webrtc.sdp.SessionDescription;
import dev.osprey.webrtc.sdp.SsrcAttribute;
import dev.osprey.webrtc.sdp.SsrcGroup;
import dev.osprey.webrtc.sdp.Setup;
import dev.osprey.webrtc.sdp.negotiation.LocalCapabilities;
import dev.osprey.webrtc.sdp.negotiation.NegotiationResult;
import dev.osprey.webrtc.sdp.negotiation.OfferBuilder;
import dev.osprey.webrtc.sdp.negotiation.RemoteTransport;
import dev.osprey.webrtc.sdp.negotiation.SdpAnswerer;
import dev.osprey.webrtc.sdp.negotiation.TransportParameters;
import dev.osprey.webrtc.srtp.SrtpContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The transport half of offer/answer for the server: our ICE credentials, fingerprint and host
 * candidates into the SDP we send, and the peer's credentials, fingerprint, setup role and candidates
 * out of the SDP it sends, as a {@link RemotePeer} for {@link PeerTransport}.
 */
public final class TransportSdp {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** An answer to send back and the peer it describes. */
    public record Answer(String sdp, NegotiationResult.Answered result, RemotePeer remote) {
    }

    private TransportSdp() {
    }

    /** Our side as SDP transport attributes (sha-256 fingerprint, host candidates). */
    public static TransportParameters parameters(LocalTransport local, boolean iceLite) {
        DtlsFingerprint fingerprint = local.certificate().fingerprint();
        List<SdpCandidate> candidates = new ArrayList<>(local.candidates().size());
        for (IceCandidate c : local.candidates()) {
            candidates.add(SdpCandidate.host(c.foundation(), c.priority(), c.address(), c.port()));
        }
        return new TransportParameters(local.ice().ufrag(), local.ice().password(),
                Fingerprint.of(fingerprint.algorithm(), fingerprint.digest()), candidates, iceLite);
    }

    /**
     * Answers a browser's offer as the ICE-lite server.
     *
     * @throws SdpRejectedException when the offer cannot be parsed or nothing in it can be accepted
     */
    public static Answer answer(String offerSdp, LocalCapabilities caps, LocalTransport local, String sessionId)
            throws SdpRejectedException {
        SessionDescription offer = parse(offerSdp);
        NegotiationResult result = SdpAnswerer.answer(offer, caps, parameters(local, true), sessionId);
        if (result instanceof NegotiationResult.Failed failed) {
            throw new SdpRejectedException(failed.reason());
        }
        NegotiationResult.Answered answered = (NegotiationResult.Answered) result;
        RemotePeer remote = remotePeer(answered.remote(), DtlsRole.forLocalSetup(answered.localSetup().sdpName()))
                .withSsrcs(announcedSsrcs(offer));
        return new Answer(SdpWriter.write(answered.answer()), answered, remote);
    }

    /** An offer builder carrying our ICE-lite transport; add tracks and {@code build()}. */
    public static OfferBuilder offerBuilder(LocalTransport local, String sessionId, long sessionVersion) {
        return new OfferBuilder(parameters(local, true), sessionId, sessionVersion);
    }

    /**
     * The peer that answered an offer we sent with {@code a=setup:actpass}: its {@code active} makes us
     * the DTLS server, its {@code passive} the client.
     *
     * @throws SdpRejectedException when the answer cannot be parsed, accepts nothing or has no usable setup
     */
    public static RemotePeer remoteFromAnswer(String answerSdp) throws SdpRejectedException {
        SessionDescription answer = parse(answerSdp);
        for (MediaSection m : answer.media()) {
            if (!m.isRejected()) {
                RemoteTransport transport = RemoteTransport.of(answer, m);
                DtlsRole role;
                if (transport.setup() == Setup.ACTIVE) {
                    role = DtlsRole.SERVER;
                } else if (transport.setup() == Setup.PASSIVE) {
                    role = DtlsRole.CLIENT;
                } else {
                    throw new SdpRejectedException("an answer must say a=setup:active or passive, not "
                            + (transport.setup() == null ? "nothing" : transport.setup().sdpName()));
                }
                return remotePeer(transport, role).withSsrcs(announcedSsrcs(answer));
            }
        }
        throw new SdpRejectedException("the answer accepts no media section");
    }

    /**
     * The SSRCs of the {@code a=ssrc} and {@code a=ssrc-group} lines of the sections a description does
     * not reject, at most {@link SrtpContext#MAX_SIGNALLED_STREAMS}: what the peer said it would send.
     */
    public static Set<Integer> announcedSsrcs(SessionDescription description) {
        Set<Integer> out = new LinkedHashSet<>();
        for (MediaSection m : description.media()) {
            if (m.isRejected()) {
                continue;
            }
            for (SsrcAttribute a : m.ssrcs()) {
                if (out.size() == SrtpContext.MAX_SIGNALLED_STREAMS) {
                    return out;
                }
                out.add((int) a.ssrc());
            }
            for (SsrcGroup g : m.ssrcGroups()) {
                for (long ssrc : g.ssrcs()) {
                    if (out.size() == SrtpContext.MAX_SIGNALLED_STREAMS) {
                        return out;
                    }
                    out.add((int) ssrc);
                }
            }
        }
        return out;
    }

    /**
     * Converts the peer's transport attributes, choosing a sha-256 fingerprint when there are several
     * and keeping the UDP candidates whose address is an IP literal (names such as mDNS are skipped).
     */
    public static RemotePeer remotePeer(RemoteTransport transport, DtlsRole localRole) throws SdpRejectedException {
        if (transport.iceUfrag() == null || transport.icePwd() == null) {
            throw new SdpRejectedException("missing a=ice-ufrag or a=ice-pwd");
        }
        IceCredentials ice;
        try {
            ice = new IceCredentials(transport.iceUfrag(), transport.icePwd());
        } catch (IllegalArgumentException e) {
            throw new SdpRejectedException("bad ICE credentials: " + e.getMessage());
        }
        return new RemotePeer(ice, fingerprint(transport.fingerprints()), localRole, candidates(transport));
    }

    private static DtlsFingerprint fingerprint(List<Fingerprint> offered) throws SdpRejectedException {
        Fingerprint chosen = null;
        for (Fingerprint f : offered) {
            if (chosen == null || "sha-256".equalsIgnoreCase(f.algorithm())) {
                chosen = f;
            }
        }
        if (chosen == null) {
            throw new SdpRejectedException("missing a=fingerprint");
        }
        try {
            return DtlsFingerprint.parse(chosen.algorithm() + ' ' + chosen.hex());
        } catch (InvalidFingerprintException e) {
            throw new SdpRejectedException(e.getMessage());
        }
    }

    private static List<InetSocketAddress> candidates(RemoteTransport transport) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (CandidateAttribute attribute : transport.candidates()) {
            if (attribute instanceof SdpCandidate c && "udp".equalsIgnoreCase(c.transport()) && c.component() == 1
                    && (IPV4.matcher(c.address()).matches() || IPV6.matcher(c.address()).matches())) {
                try {
                    // An IP literal: getByName parses it without any name lookup.
                    out.add(new InetSocketAddress(InetAddress.getByName(c.address()), c.port()));
                } catch (UnknownHostException e) {
                    // not a valid literal after all: skip it
                }
            }
        }
        return out;
    }

    private static SessionDescription parse(String sdp) throws SdpRejectedException {
        if (sdp == null) {
            throw new SdpRejectedException("no SDP");
        }
        try {
            return SdpParser.parse(sdp);
        } catch (SdpParseException e) {
            throw new SdpRejectedException(e.getMessage());
        }
    }
}
