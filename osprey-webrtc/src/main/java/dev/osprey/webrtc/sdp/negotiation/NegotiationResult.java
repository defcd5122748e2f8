package dev.osprey.webrtc.sdp.negotiation;

import dev.osprey.webrtc.sdp.SessionDescription;
import dev.osprey.webrtc.sdp.Setup;

import java.util.List;

/** Outcome of answering an offer: an answer, or a failure with a reason to report to the client. */
public sealed interface NegotiationResult {

    /** Per offered section, what happened to it. */
    List<MediaOutcome> media();

    /**
     * @param answer     the answer to send back
     * @param localSetup our a=setup (passive: we are the DTLS server; active: we are the client)
     * @param remote     the offerer's transport taken from the first accepted (BUNDLE-tagged) section
     */
    record Answered(SessionDescription answer, Setup localSetup, RemoteTransport remote,
                    List<MediaOutcome> media) implements NegotiationResult {
        public Answered {
            media = List.copyOf(media);
        }
    }

    /** Nothing in the offer could be accepted; {@code reason} says why for every section. */
    record Failed(String reason, List<MediaOutcome> media) implements NegotiationResult {
        public Failed {
            media = List.copyOf(media);
        }
    }
}
