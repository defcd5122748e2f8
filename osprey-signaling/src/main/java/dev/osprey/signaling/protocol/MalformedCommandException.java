package dev.osprey.signaling.protocol;

/**
 * A client message that cannot be understood: not JSON, not an object, no {@code command}, or a field
 * of the wrong type. The only exception the codec throws; callers answer it with an {@code error}
 * message built from {@link #definition()} and {@link #information()}.
 */
public final class MalformedCommandException extends RuntimeException {

    private final String definition;
    private final String information;

    public MalformedCommandException(String definition, String information) {
        super(definition + ": " + information, null, false, false);
        this.definition = definition;
        this.information = information;
    }

    /** The error {@code definition} sent to the client, one of the {@link Definitions} input errors. */
    public String definition() {
        return definition;
    }

    /** A short human-readable explanation sent as {@code information}. */
    public String information() {
        return information;
    }
}
