package dev.osprey.webrtc.sdp;

/** An a=candidate line: typed when it follows RFC 8839's grammar, otherwise kept raw. */
public sealed interface CandidateAttribute permits SdpCandidate, RawCandidate {

    /** The attribute value, i.e. the text after {@code a=candidate:}. */
    String value();
}
