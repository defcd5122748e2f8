package dev.osprey.server;

import dev.osprey.signaling.ClientConnection;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * {@link ClientConnection} over a Vert.x WebSocket: sends are queued by Vert.x, never block, and are
 * dropped once closed. A client that stops reading is closed once its queue passes
 * {@link #MAX_QUEUED_BYTES}, so it cannot make the server buffer without bound.
 */
final class WebSocketClientConnection implements ClientConnection {

    /** RFC 6455 §5.5: a control frame payload is at most 125 bytes, 2 of them the code. */
    private static final int MAX_REASON_BYTES = 123;
    /** Far above any burst of signalling (a multitrack SDP is under 80 KB), far below a memory problem. */
    static final int MAX_QUEUED_BYTES = 4 * 1024 * 1024;
    /** RFC 6455 §7.4.1: policy violation. */
    private static final short CLOSE_POLICY_VIOLATION = 1008;

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketClientConnection.class);

    private final ServerWebSocket socket;
    private final String remoteAddress;
    private volatile boolean closed;

    WebSocketClientConnection(ServerWebSocket socket) {
        this.socket = socket;
        this.remoteAddress = String.valueOf(socket.remoteAddress());
        socket.setWriteQueueMaxSize(MAX_QUEUED_BYTES);
    }

    @Override
    public void send(String text) {
        if (closed || socket.isClosed()) {
            return;
        }
        if (socket.writeQueueFull()) {
            LOG.info("closing {}: it stopped reading and more than {} bytes are queued for it", remoteAddress, MAX_QUEUED_BYTES);
            close(CLOSE_POLICY_VIOLATION, "Client does not read its messages");
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
