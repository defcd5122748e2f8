package dev.osprey.server.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * WebSocket ping/pong round trip on one connection, one message in flight at a time, the way the
 * SDK's keep-alive uses it. Not a test: {@code bench/ws-ping.sh} runs it against a started server.
 *
 * <p>Arguments: {@code ws-url [messages] [warm-up messages]}. Prints p50, p90, p99, max in ms.
 */
public final class WsPingBenchmark {

    private static final String PING = "{\"command\":\"ping\"}";

    private WsPingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;

        AtomicReference<CompletableFuture<String>> pending = new AtomicReference<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    pending.get().complete(text.toString());
                    text.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);

        for (int i = 0; i < warmUp; i++) {
            roundTrip(socket, pending);
        }
        long[] nanos = new long[messages];
        for (int i = 0; i < messages; i++) {
            nanos[i] = roundTrip(socket, pending);
        }
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);

        Arrays.sort(nanos);
        System.out.printf("messages=%d p50=%.3f ms p90=%.3f ms p99=%.3f ms max=%.3f ms%n", messages,
                ms(percentile(nanos, 50)), ms(percentile(nanos, 90)), ms(percentile(nanos, 99)), ms(nanos[nanos.length - 1]));
    }

    private static long roundTrip(WebSocket socket, AtomicReference<CompletableFuture<String>> pending) throws Exception {
        CompletableFuture<String> reply = new CompletableFuture<>();
        pending.set(reply);
        long start = System.nanoTime();
        socket.sendText(PING, true);
        String answer = reply.get(10, TimeUnit.SECONDS);
        long elapsed = System.nanoTime() - start;
        if (!answer.contains("\"pong\"")) {
            throw new IllegalStateException("expected pong, got " + answer);
        }
        return elapsed;
    }

    private static long percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
