package dev.osprey.media.service;

/** One publisher's or viewer's peer connection in a {@link MediaService}. Methods never block; any thread. */
public interface MediaSession {

    String streamId();

    /**
     * The client's SDP: a viewer's answer (a bad answer ends the session, {@link EndReason#BAD_ANSWER}),
     * or a publisher's re-offer on its running connection, answered through
     * {@link SessionListener#localDescription} or refused through {@link SessionListener#renegotiationFailed}
     * (the session then runs on unchanged). Anything else is ignored.
     */
    void remoteDescription(String type, String sdp);

    /**
     * A trickled client candidate. The server is ICE-lite, so candidates are not needed (the peer's
     * checks reveal its address); they are only counted.
     */
    void remoteCandidate(Integer label, String mid, String candidate);

    /** True while media flows: a publisher sent RTP recently, a viewer's transport is connected. */
    boolean receivingMedia();

    /** Ends the session and frees its transport; idempotent, and no listener call follows. */
    void close();

    /**
     * For a publisher whose stream a reconnecting publisher of the same id takes over: frees the transport
     * like {@link #close()}, but the stream's viewers stay for the next {@link MediaService#publish} of the
     * id, which continues the stream when its tracks fit ({@link SessionListener#streamRestored()}). Without
     * such a publish within the start timeout, or when its tracks differ, the viewers end as after
     * {@link #close()}. Other sessions simply close.
     */
    default void closeForTakeover() {
        close();
    }
}
