package dev.osprey.ingest.rtmp;

/** Input that is not well-formed AMF0 within {@link Amf0}'s limits; the connection that sent it is closed. */
public final class Amf0Exception extends RtmpProtocolException {
    public Amf0Exception(String message) {
        super(message);
    }
}
