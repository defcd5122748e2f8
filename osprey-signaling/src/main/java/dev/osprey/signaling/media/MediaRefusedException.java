package dev.osprey.signaling.media;

/** The engine cannot serve a publish or play; {@link #definition()} is the Ant Media error sent to the client. */
public final class MediaRefusedException extends Exception {

    private final String definition;

    public MediaRefusedException(String definition) {
        super(definition, null, false, false);
        this.definition = definition;
    }

    public String definition() {
        return definition;
    }
}
