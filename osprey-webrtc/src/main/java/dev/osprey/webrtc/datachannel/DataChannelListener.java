package dev.osprey.webrtc.datachannel;

/** Events of one {@link DataChannel}, on the thread that drives the association. */
public interface DataChannelListener {
    default void onOpen(DataChannel channel) {
    }

    default void onMessage(DataChannel channel, String text) {
    }

    /** The array belongs to the listener. */
    default void onMessage(DataChannel channel, byte[] data) {
    }

    default void onClose(DataChannel channel) {
    }
}
