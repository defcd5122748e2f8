package dev.osprey.webrtc.datachannel;

import java.nio.charset.StandardCharsets;

/** Events of one {@link DataChannel}, on the thread that drives the association. */
public interface DataChannelListener {
    default void onOpen(DataChannel channel) {
    }

    default void onMessage(DataChannel channel, String text) {
    }

    /** The array belongs to the listener. */
    default void onMessage(DataChannel channel, byte[] data) {
    }

    /**
     * Every message as it arrived: a text message's UTF-8 bytes ({@code binary} false) or a binary message's
     * bytes; empty messages have an empty array. The array belongs to the listener. By default text is decoded
     * and both kinds go to the typed {@code onMessage} methods; a relay overrides this to pass the bytes on
     * untouched (see {@link DataChannel#sendPayload}).
     */
    default void onPayload(DataChannel channel, byte[] payload, boolean binary) {
        if (binary) {
            onMessage(channel, payload);
        } else {
            onMessage(channel, new String(payload, StandardCharsets.UTF_8));
        }
    }

    default void onClose(DataChannel channel) {
    }
}
