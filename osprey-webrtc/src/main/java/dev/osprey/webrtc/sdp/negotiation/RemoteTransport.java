package dev.osprey.webrtc.sdp.negotiation;

import dev.osprey.webrtc.sdp.CandidateAttribute;
import dev.osprey.webrtc.sdp.Fingerprint;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.SessionDescription;
import dev.osprey.webrtc.sdp.Setup;

import java.util.List;

/**
 * The remote peer's transport as read from its description (media level, falling back to session
 * level): what the ICE agent and DTLS layer need.
 */
public record RemoteTransport(String iceUfrag, String icePwd, List<Fingerprint> fingerprints, Setup setup,
                              List<CandidateAttribute> candidates) {

    public RemoteTransport {
        fingerprints = List.copyOf(fingerprints);
        candidates = List.copyOf(candidates);
    }

    public static RemoteTransport of(SessionDescription sdp, MediaSection m) {
        return new RemoteTransport(sdp.iceUfragFor(m), sdp.icePwdFor(m), sdp.fingerprintsFor(m), sdp.setupFor(m),
                m.candidates());
    }
}
