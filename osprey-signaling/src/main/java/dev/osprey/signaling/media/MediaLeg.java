package dev.osprey.signaling.media;

/** One publisher's or viewer's peer connection inside the media engine. Methods never block. */
public interface MediaLeg {

    /** The client's SDP: a viewer's answer, or a renegotiation offer from a publisher. */
    void remoteDescription(String type, String sdp);

    /** A trickled client candidate; {@code label} (m-line index) and {@code mid} may be null, {@code candidate} "" ends trickling. */
    void remoteCandidate(Integer label, String mid, String candidate);

    /**
     * True while media flows (a publisher sent packets recently). A live publication whose leg says
     * false may be taken over by a new publisher of the same id, which is how a publisher whose
     * socket dropped gets its stream back before the old socket's close is noticed.
     */
    default boolean receivingMedia() {
        return true;
    }

    /** Releases the peer connection. Idempotent; no listener call is expected afterwards. */
    void close();

    /**
     * A publisher's leg whose stream a reconnecting publisher of the same id takes over: releases the
     * connection like {@link #close()}, but the engine may keep the stream's viewers for the next
     * {@link MediaEngine#publish} of the id, which then continues the stream
     * ({@link MediaListener#streamRestored()}). The viewers end ({@code ended()}) when no such publish
     * comes in time or its tracks do not fit what they were offered.
     */
    default void closeForTakeover() {
        close();
    }
}
