package dev.osprey.webrtc.sctp;

/**
 * Events of one {@link SctpAssociation}, delivered on the thread that drives the association (inside
 * {@code onPacket}, {@code tick} or a call the owner made). Callbacks may call back into the association.
 */
public interface SctpListener {
    /** The four-way handshake finished; messages queued before now are being sent. */
    void onEstablished();

    /** One complete user message. The array belongs to the listener. */
    void onMessage(int streamId, int ppid, byte[] data);

    /** The peer reset these incoming streams (RFC 6525): their sequence numbers start again at 0. */
    default void onIncomingStreamsReset(int[] streamIds) {
    }

    /** A reset of these outgoing streams, requested with {@link SctpAssociation#resetStreams}, completed. */
    default void onOutgoingStreamsReset(int[] streamIds) {
    }

    /** The association ended; no further events follow. */
    void onClosed(CloseCause cause, String detail);
}
