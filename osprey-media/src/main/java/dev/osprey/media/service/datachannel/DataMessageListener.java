package dev.osprey.media.service.datachannel;

/**
 * Hears every data channel message a publisher or player sends through the server (whatever the
 * player distribution then does with it), e.g. to forward it to a webhook. Called on the media loop:
 * return at once, never block, and do not change {@code payload} (it is being relayed as it is).
 */
@FunctionalInterface
public interface DataMessageListener {

    /** Hears nothing. */
    DataMessageListener NONE = (streamId, payload, binary, from) -> { };

    /** Who sent a message. */
    enum Sender {
        /** The stream's publisher (a conference participant's publisher too). */
        PUBLISHER,
        /** A player of the stream, or a conference player (then {@code streamId} is the room). */
        PLAYER
    }

    /**
     * @param streamId the stream the message was sent on: the publisher's or played stream, or the room of a conference player
     * @param payload  the UTF-8 bytes of a text message, or the binary message
     */
    void dataMessage(String streamId, byte[] payload, boolean binary, Sender from);
}
