package dev.osprey.signaling;

/**
 * One connected WebSocket client of one application. The server calls these methods from the
 * connection's own thread, one at a time, in the order the frames arrived.
 */
public interface SignalingSession {

    /** A complete text message (one JSON command) arrived. */
    void onText(String text);

    /** A binary message arrived; the protocol has none, so this is answered with an error. */
    void onBinary(int length);

    /** The socket closed (either side). Frees every publish/play/P2P/room state this socket owned. */
    void onClose();
}
