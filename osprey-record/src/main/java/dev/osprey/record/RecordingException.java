package dev.osprey.record;

/** FFmpeg refused to set up or write a recording; the message says which call and why. */
public final class RecordingException extends RuntimeException {
    RecordingException(String message) {
        super(message);
    }
}
