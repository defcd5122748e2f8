package dev.osprey.server.webhook;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What waits for a receiver that never answers stays within the sender's limits. */
class WebhookSenderTest {

    private Vertx vertx;
    private ServerSocket silent;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        vertx = Vertx.vertx();
        // Accepts connections and never reads or answers: every call stays in flight.
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    held.add(silent.accept());
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
        silent.close();
        for (Socket s : held) {
            s.close();
        }
    }

    private WebhookCall call(String stream) {
        return new WebhookCall("http://127.0.0.1:" + silent.getLocalPort() + "/hook", stream, Map.of("id", stream),
                "application/json", 0, 1000, true);
    }

    @Test
    void callsForMoreStreamsThanTheLimitAreDroppedAtOnce() {
        WebhookSender sender = new WebhookSender(vertx, new WebhookSender.Limits(10, 3, 100), InetAddress::getAllByName);
        AtomicInteger settled = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            String stream = "s" + i;
            sender.send(() -> call(stream), settled::incrementAndGet);
        }
        // Three streams have a call in flight to the silent receiver; the other two were dropped and settled.
        await().until(() -> sender.droppedCalls() == 2);
        assertThat(settled.get()).isEqualTo(2);
    }

    @Test
    void callsBeyondAStreamsQueueOrTheTotalAreDropped() {
        WebhookSender sender = new WebhookSender(vertx, new WebhookSender.Limits(2, 100, 5), InetAddress::getAllByName);
        for (String stream : List.of("a", "a", "a", "b", "b", "c", "c")) {
            sender.send(call(stream));
        }
        // "a": one in flight and one waiting, the third dropped; "b" fills the total of 5 with "c"'s first.
        await().until(() -> sender.droppedCalls() == 2);
        sender.send(call("d"));
        await().until(() -> sender.droppedCalls() == 3);
    }

    @Test
    void aSenderWithNothingQueuedIsIdleAtOnce() throws Exception {
        WebhookSender sender = new WebhookSender(vertx);
        sender.idle().toCompletionStage().toCompletableFuture().get();
        assertThat(sender.droppedCalls()).isZero();
    }
}
