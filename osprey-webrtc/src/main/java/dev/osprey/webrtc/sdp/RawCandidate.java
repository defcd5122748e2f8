package dev.osprey.webrtc.sdp;

/** A candidate line the parser could not type; kept verbatim so nothing is lost. */
public record RawCandidate(String value) implements CandidateAttribute {
}
