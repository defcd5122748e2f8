package dev.osprey.ingest.flv;

/** An FLV tag body or codec configuration that cannot be read: the stream it came in is broken. */
public final class FlvFormatException extends Exception {
    public FlvFormatException(String message) {
        super(message, null, false, false);
    }
}
