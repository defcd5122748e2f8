package dev.osprey.server;

import dev.osprey.signaling.SignalingApplication;
import dev.osprey.signaling.SignalingSession;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Connects {@code /{App}/websocket} sockets to their application's signalling: accepts or refuses
 * the handshake (unknown path: 404; an address with too many sockets open: 429), then feeds every
 * complete text or binary message to the session, in order, on the socket's event loop, and reports
 * the close exactly once. Every socket is pinged and closed once silent for too long
 * ({@link WebSocketKeepAlive}).
 */
final class WebSocketBridge {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketBridge.class);
    private static final String SUFFIX = "/websocket";
    /** RFC 6455 §7.4.1. */
    static final short MESSAGE_TOO_BIG = 1009;
    /** RFC 6455 §7.4.1. */
    private static final short POLICY_VIOLATION = 1008;
    /** RFC 6585: the refusal of a handshake from an address that has too many sockets open. */
    static final int TOO_MANY_REQUESTS = 429;

    private final Map<String, SignalingApplication> applications;
    private final Set<ServerWebSocket> openSockets;
    private final ConnectionsPerAddress perAddress;
    private final long pingIntervalMs;
    private final long idleTimeoutMs;

    /**
     * @param pingIntervalMs time between pings on every socket
     * @param idleTimeoutMs  a socket the peer sent nothing on for this long is closed; 0 = never
     */
    WebSocketBridge(Map<String, SignalingApplication> applications, Set<ServerWebSocket> openSockets,
                    ConnectionsPerAddress perAddress, long pingIntervalMs, long idleTimeoutMs) {
        this.applications = applications;
        this.openSockets = openSockets;
        this.perAddress = perAddress;
        this.pingIntervalMs = pingIntervalMs;
        this.idleTimeoutMs = idleTimeoutMs;
    }

    /** Unknown paths get HTTP 404, an address that has its share of sockets open 429, instead of an upgrade. */
    void handshake(ServerWebSocketHandshake handshake) {
        if (applicationFor(handshake.path()) == null) {
            handshake.reject(404);
        } else if (!perAddress.hasRoom(addressOf(handshake.remoteAddress()))) {
            LOG.debug("refusing a WebSocket from {}: too many open", handshake.remoteAddress());
            handshake.reject(TOO_MANY_REQUESTS);
        } else {
            handshake.accept();
        }
    }

    void attach(ServerWebSocket socket) {
        SignalingApplication app = applicationFor(socket.path());
        if (app == null) { // the handshake refused it already; guard against a path we did not vet
            socket.close(POLICY_VIOLATION, "unknown application");
            return;
        }
        // The handshake only looked; handshakes racing from one address are counted here, exactly.
        String address = addressOf(socket.remoteAddress());
        if (!perAddress.tryAcquire(address)) {
            socket.close(POLICY_VIOLATION, "Too many connections from this address");
            return;
        }
        var connection = new WebSocketClientConnection(socket);
        SignalingSession session = app.open(connection);
        openSockets.add(socket);
        AtomicBoolean closeReported = new AtomicBoolean();
        WebSocketKeepAlive keepAlive = WebSocketKeepAlive.start(Vertx.currentContext().owner(), socket, connection,
                pingIntervalMs, idleTimeoutMs);
        if (keepAlive != null) {
            socket.frameHandler(frame -> keepAlive.heard()); // every frame, pongs and fragments included
        }

        socket.textMessageHandler(text -> deliver(app, () -> session.onText(text)));
        socket.binaryMessageHandler(data -> deliver(app, () -> session.onBinary(data.length())));
        socket.exceptionHandler(error -> {
            LOG.debug("{} WebSocket {}: {}", app.name(), connection.remoteAddress(), error.toString());
            // Vert.x drops the connection on a bad or oversized frame without a close frame, and merely
            // reports a fragmented message outgrowing the limit; tell the client why, with the RFC 6455 code.
            if (error instanceof CorruptedWebSocketFrameException corrupted) {
                connection.close((short) corrupted.closeStatus().code(), corrupted.closeStatus().reasonText());
            } else if (error instanceof IllegalStateException) {
                connection.close(MESSAGE_TOO_BIG, "Message too big");
            }
        });
        // The end handler runs when the peer's close frame arrives, before Vert.x answers it; the close
        // handler only once the TCP connection is gone, which may be after the peer saw the close
        // completed. Reporting at the earlier of the two means a client that saw its socket close can
        // count on its streams being released.
        Runnable reportClose = () -> {
            connection.markClosed();
            if (closeReported.compareAndSet(false, true)) {
                deliver(app, session::onClose);
            }
        };
        socket.endHandler(ignored -> reportClose.run());
        socket.closeHandler(ignored -> {
            openSockets.remove(socket);
            perAddress.release(address);
            if (keepAlive != null) {
                keepAlive.stop();
            }
            reportClose.run();
        });
    }

    /** The peer's IP address without the port; every socket of one host counts against one share. */
    private static String addressOf(SocketAddress remote) {
        return remote == null ? "" : String.valueOf(remote.hostAddress());
    }

    /** A failure inside the signalling layer must not kill the connection's event loop. */
    private static void deliver(SignalingApplication app, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("{}: signalling failed on a message", app.name(), e);
        }
    }

    /** "/LiveApp/websocket" → LiveApp's application; anything else → null. */
    private SignalingApplication applicationFor(String path) {
        if (path == null || path.length() <= SUFFIX.length() + 1 || path.charAt(0) != '/' || !path.endsWith(SUFFIX)) {
            return null;
        }
        String name = path.substring(1, path.length() - SUFFIX.length());
        return name.indexOf('/') >= 0 ? null : applications.get(name);
    }
}
