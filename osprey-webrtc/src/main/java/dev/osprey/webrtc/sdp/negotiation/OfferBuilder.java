package dev.osprey.webrtc.sdp.negotiation;

import dev.osprey.webrtc.sdp.Connection;
import dev.osprey.webrtc.sdp.Direction;
import dev.osprey.webrtc.sdp.Group;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.MsidSemantic;
import dev.osprey.webrtc.sdp.Origin;
import dev.osprey.webrtc.sdp.RtpCodec;
import dev.osprey.webrtc.sdp.SdpCandidate;
import dev.osprey.webrtc.sdp.SessionDescription;
import dev.osprey.webrtc.sdp.Setup;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the offer a server sends to a viewer: one sendonly section per track, all in one BUNDLE
 * group, rtcp-mux, a=setup:actpass, optional ICE-lite and data channel section.
 */
public final class OfferBuilder {

    private final TransportParameters transport;
    private final String sessionId;
    private final long sessionVersion;
    private final List<SendTrack> tracks = new ArrayList<>();
    private String dataMid;
    private int sctpPort;
    private long maxMessageSize;

    public OfferBuilder(TransportParameters transport, String sessionId, long sessionVersion) {
        this.transport = transport;
        this.sessionId = sessionId;
        this.sessionVersion = sessionVersion;
    }

    public OfferBuilder addTrack(SendTrack track) {
        tracks.add(track);
        return this;
    }

    /** Adds an application/webrtc-datachannel section after the tracks. */
    public OfferBuilder dataChannel(String mid, int sctpPort, long maxMessageSize) {
        this.dataMid = mid;
        this.sctpPort = sctpPort;
        this.maxMessageSize = maxMessageSize;
        return this;
    }

    /** @throws IllegalArgumentException when mids repeat or nothing is offered */
    public SessionDescription build() {
        SessionDescription offer = new SessionDescription(Origin.of(sessionId, sessionVersion));
        offer.setIceLite(transport.iceLite());
        Set<String> mids = new LinkedHashSet<>();
        Set<String> streams = new LinkedHashSet<>();
        for (SendTrack t : tracks) {
            requireNewMid(mids, t.mid());
            streams.add(t.streamId());
            offer.media().add(trackSection(t));
        }
        if (dataMid != null) {
            requireNewMid(mids, dataMid);
            MediaSection m = new MediaSection(MediaSection.APPLICATION, 9, MediaSection.PROTO_SCTP);
            m.formats().add(MediaSection.DATACHANNEL_FORMAT);
            transport(m, dataMid);
            m.setSctpPort(sctpPort).setMaxMessageSize(maxMessageSize);
            offer.media().add(m);
        }
        if (mids.isEmpty()) {
            throw new IllegalArgumentException("an offer needs at least one track or a data channel");
        }
        offer.groups().add(new Group(Group.BUNDLE, List.copyOf(mids)));
        offer.setMsidSemantic(new MsidSemantic("WMS", List.copyOf(streams)));
        return offer;
    }

    private MediaSection trackSection(SendTrack t) {
        MediaSection m = new MediaSection(t.kind(), 9, MediaSection.PROTO_RTP);
        transport(m, t.mid());
        m.extMaps().addAll(t.extensions());
        m.setDirection(Direction.SENDONLY);
        m.setRtcpMux(true).setRtcpRsize(true);
        m.addCodec(t.codec());
        if (t.rtxPayloadType() != null) {
            m.addCodec(RtpCodec.rtx(t.rtxPayloadType(), t.codec().clockRate(), t.codec().payloadType()));
        }
        t.announceIn(m);
        return m;
    }

    private void transport(MediaSection m, String mid) {
        if (transport.candidates().isEmpty()) {
            m.setConnection(Connection.ANY_IP4);
        } else {
            SdpCandidate first = transport.candidates().get(0);
            m.setPort(first.port()).setConnection(Connection.of(first.address()));
            m.candidates().addAll(transport.candidates());
            m.setEndOfCandidates(true);
        }
        m.setIceUfrag(transport.iceUfrag()).setIcePwd(transport.icePwd());
        m.fingerprints().add(transport.fingerprint());
        m.setSetup(Setup.ACTPASS).setMid(mid);
    }

    private static void requireNewMid(Set<String> mids, String mid) {
        if (!mids.add(mid)) {
            throw new IllegalArgumentException("duplicate mid " + mid);
        }
    }
}
