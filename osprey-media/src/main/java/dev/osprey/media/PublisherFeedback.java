package dev.osprey.media;

/**
 * RTCP back to the publisher over its transport (PLI, FIR, NACK, RR, REMB, transport-cc). Same
 * contract as {@link MediaSink#sendRtcp}: synchronous, called on the broadcast's thread, with
 * {@link MediaSink#TRAILER_ROOM} writable bytes after the packet; the transport may encrypt in place.
 */
@FunctionalInterface
public interface PublisherFeedback {
    void sendRtcp(byte[] buf, int off, int len);
}
