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

    /**
     * Runs {@code task} on the thread that delivers this connection's frames, after the frame being
     * handled: how a command that waited for an answer from elsewhere goes on in order with the
     * connection's other frames. Runs it at once by default.
     */
    default void execute(Runnable task) {
        task.run();
    }

    /** The peer's address, for logs and statistics ("ip:port"). */
    String remoteAddress();

    /** The peer's IP address without port: what tells one client machine from another. */
    default String remoteHost() {
        String address = remoteAddress();
        int colon = address == null ? -1 : address.lastIndexOf(':');
        return colon < 0 ? String.valueOf(address) : address.substring(0, colon);
    }
}
