package dev.osprey.webrtc.sdp.negotiation;

import dev.osprey.webrtc.sdp.Fingerprint;
import dev.osprey.webrtc.sdp.SdpCandidate;

import java.util.List;

/**
 * This endpoint's transport as written into an answer or offer: ICE credentials, the DTLS
 * certificate fingerprint, the host candidates to advertise and whether it is ICE-lite.
 */
public record TransportParameters(String iceUfrag, String icePwd, Fingerprint fingerprint,
                                  List<SdpCandidate> candidates, boolean iceLite) {

    public TransportParameters {
        if (iceUfrag == null || icePwd == null || fingerprint == null) {
            throw new IllegalArgumentException("ICE credentials and fingerprint are required");
        }
        candidates = List.copyOf(candidates);
    }
}
