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
}
