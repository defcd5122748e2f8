package dev.osprey.loadtest.signal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One signalling WebSocket (JDK client): whole text messages in, serialised sends out (the JDK
 * WebSocket allows only one outstanding send). Messages and the close are reported to the owner's
 * callbacks on the client's threads.
 */
public final class SignalingSocket implements WebSocket.Listener {
    private final Consumer<String> onMessage;
    private final Consumer<String> onClosed;
    private final StringBuilder partial = new StringBuilder();
    private CompletableFuture<WebSocket> tail;
    private volatile WebSocket socket;
    private volatile boolean closed;

    private SignalingSocket(Consumer<String> onMessage, Consumer<String> onClosed) {
        this.onMessage = onMessage;
        this.onClosed = onClosed;
    }

    /**
     * Opens the socket; the future fails when the handshake does.
     *
     * @param subprotocol the Sec-WebSocket-Protocol to ask for, or null
     */
    public static CompletableFuture<SignalingSocket> open(HttpClient client, URI uri, String subprotocol,
                                                          Duration timeout, Consumer<String> onMessage,
                                                          Consumer<String> onClosed) {
        SignalingSocket s = new SignalingSocket(onMessage, onClosed);
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(timeout);
        if (subprotocol != null) {
            builder.subprotocols(subprotocol);
        }
        return builder.buildAsync(uri, s).thenApply(ws -> {
            synchronized (s) {
                s.socket = ws;
                s.tail = CompletableFuture.completedFuture(ws);
            }
            return s;
        });
    }

    /** Queues a text message after any earlier one; dropped once the socket is closed. */
    public void send(String text) {
        synchronized (this) {
            if (closed || tail == null) {
                return;
            }
            tail = tail.thenCompose(ws -> ws.sendText(text, true)).exceptionally(e -> socket);
        }
    }

    /** Sends a normal close after the queued messages; idempotent. */
    public void close() {
        synchronized (this) {
            if (closed || tail == null) {
                closed = true;
                return;
            }
            closed = true;
            tail = tail.thenCompose(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "done")).exceptionally(e -> socket);
        }
    }

    /** Drops the TCP connection without a close handshake (used when a close is not answered). */
    public void abort() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    public boolean isOpen() {
        WebSocket ws = socket;
        return ws != null && !ws.isInputClosed() && !closed;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String message = partial.toString();
            partial.setLength(0);
            onMessage.accept(message);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed = true;
        onClosed.accept("closed by the server (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")");
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed = true;
        onClosed.accept("WebSocket error: " + error);
    }
}
