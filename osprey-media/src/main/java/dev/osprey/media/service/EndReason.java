package dev.osprey.media.service;

/** Why a session ended on its own (reported through {@link SessionListener#ended}). */
public enum EndReason {
    /** ICE consent expired, DTLS failed or the peer closed DTLS. */
    TRANSPORT_CLOSED,
    /** A publisher sent no media within the start timeout, or stopped sending for that long. */
    NO_MEDIA_TIMEOUT,
    /** A viewer did not answer (or did not connect) within the start timeout. */
    NOT_CONNECTED_TIMEOUT,
    /** A viewer's answer could not be used. */
    BAD_ANSWER,
    /** The stream a viewer played has ended. */
    PUBLISHER_ENDED,
    /** Another publisher took over the stream id. */
    REPLACED,
    /** The service is shutting down. */
    SERVICE_CLOSED
}
