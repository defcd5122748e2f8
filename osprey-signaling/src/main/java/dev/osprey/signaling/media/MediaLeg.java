package dev.osprey.signaling.media;

/** One publisher's or viewer's peer connection inside the media engine. Methods never block. */
public interface MediaLeg {

    /** The client's SDP: a viewer's answer, or a renegotiation offer from a publisher. */
    void remoteDescription(String type, String sdp);

    /** A trickled client candidate; {@code label} (m-line index) and {@code mid} may be null, {@code candidate} "" ends trickling. */
    void remoteCandidate(Integer label, String mid, String candidate);

    /** Releases the peer connection. Idempotent; no listener call is expected afterwards. */
    void close();
}
