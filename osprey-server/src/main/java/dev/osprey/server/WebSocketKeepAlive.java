package dev.osprey.server;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Finds dead and silent peers: pings one WebSocket every {@code pingIntervalMs} and closes it (1001,
 * "Idle timeout") once nothing at all (no message, no pong, no ping) has come from the peer for
 * {@code idleTimeoutMs}. Browsers answer pings by themselves and the Ant Media SDK sends its own
 * {@code ping} command every few seconds, so only a vanished host (a half-open TCP connection) or a
 * client that stopped talking is closed, between {@code idleTimeoutMs} and {@code idleTimeoutMs +
 * pingIntervalMs} after it was last heard. Runs on the socket's event loop: create it in the
 * WebSocket handler, and call {@link #heard()} from the socket's own handlers.
 */
final class WebSocketKeepAlive {

    /** RFC 6455 §7.4.1 "going away", what Jetty sends on an idle timeout too. */
    static final short IDLE_CLOSE_CODE = 1001;
    static final String IDLE_CLOSE_REASON = "Idle timeout";

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketKeepAlive.class);
    private static final Buffer EMPTY = Buffer.buffer();

    private final Vertx vertx;
    private final ServerWebSocket socket;
    private final WebSocketClientConnection connection;
    private final long idleTimeoutNanos;
    private final long timerId;
    private long lastHeardNanos = System.nanoTime();

    private WebSocketKeepAlive(Vertx vertx, ServerWebSocket socket, WebSocketClientConnection connection,
                               long pingIntervalMs, long idleTimeoutMs) {
        this.vertx = vertx;
        this.socket = socket;
        this.connection = connection;
        this.idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMs);
        this.timerId = vertx.setPeriodic(pingIntervalMs, id -> tick());
    }

    /** Starts pinging {@code socket}; null when {@code idleTimeoutMs} is 0 (keep-alive off). */
    static WebSocketKeepAlive start(Vertx vertx, ServerWebSocket socket, WebSocketClientConnection connection,
                                    long pingIntervalMs, long idleTimeoutMs) {
        return idleTimeoutMs == 0 ? null
                : new WebSocketKeepAlive(vertx, socket, connection, pingIntervalMs, idleTimeoutMs);
    }

    /** A frame of any kind arrived from the peer. */
    void heard() {
        lastHeardNanos = System.nanoTime();
    }

    /** The socket closed: no more pings. */
    void stop() {
        vertx.cancelTimer(timerId);
    }

    private void tick() {
        if (socket.isClosed()) {
            stop();
            return;
        }
        if (System.nanoTime() - lastHeardNanos >= idleTimeoutNanos) {
            stop();
            LOG.debug("closing {}: nothing heard for {} ms", connection.remoteAddress(),
                    TimeUnit.NANOSECONDS.toMillis(idleTimeoutNanos));
            connection.close(IDLE_CLOSE_CODE, IDLE_CLOSE_REASON);
            return;
        }
        // A failed write means the socket is going away; its close handler stops the timer.
        socket.writePing(EMPTY);
    }
}
