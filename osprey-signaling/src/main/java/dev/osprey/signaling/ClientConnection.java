package dev.osprey.signaling;

/**
 * The transport side of one WebSocket connection, as the signalling layer sees it.
 * Implementations are thread-safe: any thread may send.
 */
public interface ClientConnection {

    /** Sends one text frame. Never blocks; silently does nothing once the connection is closed. */
    void send(String text);

    /** Closes the connection with a WebSocket close code (RFC 6455 §7.4) and a short reason. */
    void close(short code, String reason);

    /** The peer's address, for logs and statistics ("ip:port"). */
    String remoteAddress();
}
