package dev.osprey.server;

import dev.osprey.server.rest.Cidr;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Limits what a TCP connection may hold on one HTTP verticle's servers:
 * <ul>
 *   <li>a connection that sends no request for {@code server.requestTimeoutMs} — none at all after
 *   connecting, or no next one on a kept-alive connection — is closed. While a response is still being
 *   sent (a slow download) the connection counts as busy, and a WebSocket is never timed here;</li>
 *   <li>each client address may have {@code server.maxConnectionsPerAddress} HTTP connections open
 *   (addresses in {@code server.connectionLimitExempt} have no limit): one more is closed at once. A
 *   connection that becomes a WebSocket leaves this count for the bridge's, whose close it sees.</li>
 * </ul>
 * TLS connections are seen once their handshake is done; until then Vert.x's TLS handshake timeout
 * (10 s) applies. One guard per verticle, called on its event loop only; the counts are shared by all.
 */
final class ConnectionGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

    private final Vertx vertx;
    private final long timeoutMs;
    private final int limit;
    private final List<Cidr> exempt;
    private final ConnectionsPerAddress counts;
    /** By TCP connection (remote and local address), until it closes or becomes a WebSocket. */
    private final Map<String, Watch> watches = new HashMap<>();

    /** @param counts the server's one count of HTTP connections per address ({@code server.maxConnectionsPerAddress}) */
    ConnectionGuard(Vertx vertx, Config config, ConnectionsPerAddress counts) {
        this.vertx = vertx;
        this.timeoutMs = config.requestTimeoutMs();
        this.limit = config.maxConnectionsPerAddress();
        this.exempt = Cidr.parseList(config.connectionLimitExempt());
        this.counts = counts;
    }

    /** One connection's timer; the address it counts under, or null when it is not counted. */
    private final class Watch {
        final HttpConnection connection;
        /** The address this connection counts under until it closes or becomes a WebSocket; null when not counted. */
        String countedAs;
        int answering;
        long lastRequestMs = System.currentTimeMillis();
        long timer = -1;

        Watch(HttpConnection connection, String countedAs) {
            this.connection = connection;
            this.countedAs = countedAs;
        }

        void check() {
            timer = -1;
            long now = System.currentTimeMillis();
            if (answering > 0) {
                lastRequestMs = now; // still answering: the idle time starts once the response is out
                schedule(timeoutMs);
                return;
            }
            long idle = now - lastRequestMs;
            if (idle >= timeoutMs) {
                LOG.debug("closing {}: no request for {} ms", connection.remoteAddress(), idle);
                connection.close();
            } else {
                schedule(timeoutMs - idle);
            }
        }

        void schedule(long delayMs) {
            timer = vertx.setTimer(Math.max(1, delayMs), id -> check());
        }

        void uncount() {
            if (countedAs != null) {
                counts.release(countedAs);
                countedAs = null;
            }
        }

        void cancel() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
    }

    private static String key(SocketAddress remote, SocketAddress local) {
        return remote + ">" + local;
    }

    /** The servers' connection handler. */
    void connected(HttpConnection connection) {
        String address = connection.remoteAddress().hostAddress();
        boolean counted = limit > 0 && exempt.stream().noneMatch(rule -> rule.contains(address));
        if (counted && !counts.tryAcquire(address)) {
            LOG.debug("closing {}: {} connections from that address already", connection.remoteAddress(), limit);
            connection.close();
            return;
        }
        String key = key(connection.remoteAddress(), connection.localAddress());
        Watch watch = new Watch(connection, counted ? address : null);
        watches.put(key, watch);
        watch.schedule(timeoutMs);
        connection.closeHandler(ignored -> {
            watch.cancel();
            watches.remove(key, watch);
            watch.uncount();
        });
    }

    /** The router's first handler: the request's connection is busy until its response has been sent. */
    void track(RoutingContext ctx) {
        var request = ctx.request();
        Watch watch = watches.get(key(request.remoteAddress(), request.localAddress()));
        if (watch != null) {
            watch.answering++;
            watch.lastRequestMs = System.currentTimeMillis();
            ctx.addEndHandler(ended -> {
                watch.answering--;
                watch.lastRequestMs = System.currentTimeMillis();
            });
        }
        ctx.next();
    }

    /** A handshake is a request; one the bridge refuses leaves an HTTP connection that is timed as before. */
    void handshake(ServerWebSocketHandshake handshake) {
        Watch watch = watches.get(key(handshake.remoteAddress(), handshake.localAddress()));
        if (watch != null) {
            watch.lastRequestMs = System.currentTimeMillis();
        }
    }

    /** The connection is a WebSocket from now on: no more request timing, and the bridge counts it. */
    void upgraded(ServerWebSocket socket) {
        Watch watch = watches.remove(key(socket.remoteAddress(), socket.localAddress()));
        if (watch != null) {
            watch.cancel();
            watch.uncount();
        }
    }
}
