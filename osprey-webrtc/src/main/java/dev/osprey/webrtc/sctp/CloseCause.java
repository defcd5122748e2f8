package dev.osprey.webrtc.sctp;

/** Why an association ended. */
public enum CloseCause {
    /** The SHUTDOWN sequence completed (either side started it). */
    SHUTDOWN,
    /** {@link SctpAssociation#abort(String)} was called. */
    LOCAL_ABORT,
    /** The peer sent an ABORT. */
    PEER_ABORT,
    /** The peer broke the protocol (e.g. an oversized message, an empty DATA chunk); an ABORT was sent. */
    PROTOCOL_VIOLATION,
    /** Setup or retransmissions timed out: the peer is unreachable. An ABORT was sent. */
    TIMEOUT
}
