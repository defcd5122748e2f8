package dev.osprey.signaling.media;

/** The engine cannot serve a publish or play; {@link #definition()} is the Ant Media error sent to the client. */
public final class MediaRefusedException extends Exception {

    private final String definition;
    private final String information;

    public MediaRefusedException(String definition) {
        this(definition, null);
    }

    /** @param information a human-readable reason sent along (e.g. which codecs were offered), or null */
    public MediaRefusedException(String definition, String information) {
        super(definition, null, false, false);
        this.definition = definition;
        this.information = information;
    }

    public String definition() {
        return definition;
    }

    /** The reason sent to the client in {@code information}, or null. */
    public String information() {
        return information;
    }
}
