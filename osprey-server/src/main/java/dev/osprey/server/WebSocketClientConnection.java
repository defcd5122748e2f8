package dev.osprey.server;

import dev.osprey.signaling.ClientConnection;
import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link ClientConnection} over a Vert.x WebSocket: sends are queued by Vert.x, never block, and are
 * dropped once closed. A client that stops reading is closed once its queue has stayed full
 * ({@link #MAX_QUEUED_BYTES}) for a few seconds, so it cannot make the server buffer without bound.
 */
final class WebSocketClientConnection implements ClientConnection {

    /** RFC 6455 §5.5: a control frame payload is at most 125 bytes, 2 of them the code. */
    private static final int MAX_REASON_BYTES = 123;
    /** Far above any burst of signalling (a multitrack SDP is under 80 KB), far below a memory problem. */
    static final int MAX_QUEUED_BYTES = 4 * 1024 * 1024;
    static final long FULL_QUEUE_GRACE_MS = 3_000;
    /** RFC 6455 §7.4.1: policy violation. */
    private static final short CLOSE_POLICY_VIOLATION = 1008;

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketClientConnection.class);

    private final ServerWebSocket socket;
    private final String remoteAddress;
    private final String remoteHost;
    private volatile boolean closed;
    private final Context context;
    private final AtomicBoolean watching = new AtomicBoolean();
    private final AtomicLong drains = new AtomicLong();

    /** Must be called on the socket's own context (the WebSocket handler). */
    WebSocketClientConnection(ServerWebSocket socket) {
        this.socket = socket;
        this.remoteAddress = String.valueOf(socket.remoteAddress());
        this.remoteHost = socket.remoteAddress() == null ? "" : socket.remoteAddress().hostAddress();
        this.context = Vertx.currentContext();
        socket.setWriteQueueMaxSize(MAX_QUEUED_BYTES);
        socket.drainHandler(ignored -> drains.incrementAndGet());
    }

    @Override
    public void send(String text) {
        if (closed || socket.isClosed()) {
            return;
        }
        watchIfFull();
        // A write racing with the peer's close fails its future; nothing to do about it, so it is ignored.
        socket.writeTextMessage(text);
    }

    /**
     * Vert.x reports a full queue briefly during legitimate bursts too, so a full queue only starts a
     * watch: if it has not drained once {@link #FULL_QUEUE_GRACE_MS} later, the client stopped reading.
     * Vert.x also stops reading a socket it cannot write to, so no later send may come to restart the
     * watch: while the queue is full, the watch restarts itself.
     */
    private void watchIfFull() {
        if (!socket.writeQueueFull() || !watching.compareAndSet(false, true)) {
            return;
        }
        context.runOnContext(ignored -> watchFor(drains.get()));
    }

    private void watchFor(long drainsAtStart) {
        context.owner().setTimer(FULL_QUEUE_GRACE_MS, id -> {
            if (closed || !socket.writeQueueFull()) {
                watching.set(false);
            } else if (drains.get() == drainsAtStart) {
                LOG.info("closing {}: more than {} bytes have been queued for it for {} ms, it does not read",
                        remoteAddress, MAX_QUEUED_BYTES, FULL_QUEUE_GRACE_MS);
                abort();
            } else {
                watchFor(drains.get()); // it read a little and fell behind again
            }
        });
    }

    /**
     * A close frame would wait forever behind the unread queue, so the TCP connection is cut. Vert.x
     * has no public call for that; its internal WebSocket view gives the Netty channel.
     */
    private void abort() {
        closed = true;
        if (socket instanceof WebSocketInternal internal) {
            // Through the channel's unsafe close: Vert.x's pipeline would hold a plain close() until the
            // queue drains, which is exactly what never happens here. Inactive events still reach Vert.x.
            Channel channel = internal.channelHandlerContext().channel();
            channel.eventLoop().execute(() -> channel.unsafe().close(channel.voidPromise()));
        } else {
            socket.close(CLOSE_POLICY_VIOLATION, "Client does not read its messages");
        }
    }

    @Override
    public void close(short code, String reason) {
        if (closed) {
            return;
        }
        if (socket.writeQueueFull()) { // the close frame would never get past what the client does not read
            abort();
            return;
        }
        closed = true;
        socket.close(code, truncate(reason == null ? "" : reason));
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public void execute(Runnable task) {
        context.runOnContext(ignored -> task.run());
    }

    @Override
    public String remoteHost() {
        return remoteHost;
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
