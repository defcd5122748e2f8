package dev.osprey.webrtc.srtp;

/**
 * Which SSRCs may get receive state (rollover counter, replay windows) in an {@link SrtpContext}, so
 * that a peer cannot grow it without bound by sending with ever new SSRCs: those the peer signalled
 * (its SDP's {@code a=ssrc}, RTX included), up to {@link SrtpContext#MAX_SIGNALLED_STREAMS}, and at most
 * {@link SrtpContext#MAX_UNSIGNALLED_STREAMS} others (a receive-only browser's RTCP comes from SSRCs
 * it never signals). Not thread-safe; lookups allocate nothing.
 */
final class StreamAdmission {
    private final SsrcMap<Boolean> signalled = new SsrcMap<>();
    private int unsignalled;

    /** The peer announced {@code ssrc}; beyond the limit of signalled SSRCs it counts as unsignalled. */
    void signal(int ssrc) {
        if (signalled.size() < SrtpContext.MAX_SIGNALLED_STREAMS) {
            signalled.put(ssrc, Boolean.TRUE);
        }
    }

    /** Whether a new stream for {@code ssrc} may be created; changes nothing. */
    boolean allows(int ssrc) {
        return signalled.get(ssrc) != null || unsignalled < SrtpContext.MAX_UNSIGNALLED_STREAMS;
    }

    /** A stream for {@code ssrc} was created (after {@link #allows}); counts it when unsignalled. */
    void created(int ssrc) {
        if (signalled.get(ssrc) == null) {
            unsignalled++;
        }
    }
}
