package dev.osprey.webrtc.net;

/** Why the mux dropped a received datagram. */
public enum DropReason {
    /** Empty, not a known protocol for its first byte, or a malformed STUN message. */
    GARBAGE,
    /** Well-formed but from an address no peer has, or a STUN request for no known ufrag. */
    UNKNOWN_SENDER,
    /** Shorter than its header or its own declared length. */
    TRUNCATED,
    /**
     * A STUN request for a known peer without valid credentials (or authenticated but shorter than its
     * answer would be): never answered, so the mux cannot be used to reflect or amplify.
     */
    UNAUTHENTICATED,
    /** An authenticated nomination that would move the peer's address again too soon: left for its retry. */
    ADDRESS_CHANGE_TOO_SOON
}
