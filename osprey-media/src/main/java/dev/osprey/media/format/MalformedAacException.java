package dev.osprey.media.format;

/**
 * AAC framing from the network (an ADTS header, an AudioSpecificConfig) is truncated or invalid. The
 * message says what, for the log line; only that stream is affected.
 */
public class MalformedAacException extends Exception {
    public MalformedAacException(String message) {
        super(message, null, false, false); // thrown at hostile input: no stack trace to fill
    }
}
