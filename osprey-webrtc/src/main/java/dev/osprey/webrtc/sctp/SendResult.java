package dev.osprey.webrtc.sctp;

/** Outcome of {@link SctpAssociation#send}. Only {@link #QUEUED} means the message will be transmitted. */
public enum SendResult {
    QUEUED,
    /** The bounded send buffer is full (slow peer); the message was dropped and counted. */
    BUFFER_FULL,
    /** Larger than the peer's max-message-size (SDP) or the local limit. */
    TOO_LARGE,
    /** The stream id is outside the negotiated range or the stream is being reset. */
    BAD_STREAM,
    /** The association is shutting down or closed. */
    CLOSED
}
