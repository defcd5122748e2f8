package dev.osprey.ingest.rtmp;

/**
 * A peer broke the RTMP protocol or one of this server's limits. The message says what, for the log
 * line; the connection is closed and no other stream is affected.
 */
public class RtmpProtocolException extends Exception {
    public RtmpProtocolException(String message) {
        super(message, null, false, false); // thrown at hostile input: no stack trace to fill
    }
}
