package dev.osprey.media.service;

/** A publish or play the {@link MediaService} refuses; nothing was allocated for it. */
public final class MediaException extends Exception {

    /** What went wrong, for mapping to a protocol error. */
    public enum Kind {
        /** Playing a stream that is not live. */
        NO_STREAM,
        /** The offer cannot be parsed or offers nothing we accept (e.g. no common codec). */
        UNACCEPTABLE_OFFER
    }

    private final Kind kind;

    public MediaException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
