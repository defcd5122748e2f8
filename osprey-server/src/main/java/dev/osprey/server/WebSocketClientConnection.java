package dev.osprey.server;

import dev.osprey.signaling.ClientConnection;
import io.vertx.core.http.ServerWebSocket;

import java.nio.charset.StandardCharsets;

/** {@link ClientConnection} over a Vert.x WebSocket: sends are queued by Vert.x, never block, and are dropped once closed. */
final class WebSocketClientConnection implements ClientConnection {

    /** RFC 6455 §5.5: a control frame payload is at most 125 bytes, 2 of them the code. */
    private static final int MAX_REASON_BYTES = 123;

    private final ServerWebSocket socket;
    private final String remoteAddress;
    private volatile boolean closed;

    WebSocketClientConnection(ServerWebSocket socket) {
        this.socket = socket;
        this.remoteAddress = String.valueOf(socket.remoteAddress());
    }

    @Override
    public void send(String text) {
        if (closed || socket.isClosed()) {
            return;
        }
        // A write racing with the peer's close fails its future; nothing to do about it, so it is ignored.
        socket.writeTextMessage(text);
    }

    @Override
    public void close(short code, String reason) {
        if (closed) {
            return;
        }
        closed = true;
        socket.close(code, truncate(reason == null ? "" : reason));
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    /** Marks the connection closed once the socket is gone, so later sends are dropped cheaply. */
    void markClosed() {
        closed = true;
    }

    static String truncate(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_REASON_BYTES) {
            return reason;
        }
        int end = reason.length();
        while (reason.substring(0, end).getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            end--;
        }
        if (end > 0 && Character.isHighSurrogate(reason.charAt(end - 1))) {
            end--;
        }
        return reason.substring(0, end);
    }
}
