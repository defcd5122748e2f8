package dev.osprey.server;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParallelStartTest {

    @Test
    void runsThePartsAtTheSameTimeAndHandsBackTheirResults() {
        var bothRunning = new CountDownLatch(2);
        try (var parts = new ParallelStart()) {
            var a = parts.submit("a", () -> meetAt(bothRunning, "a"), closed -> { });
            var b = parts.runHere(() -> meetAt(bothRunning, "b"), closed -> { });
            parts.awaitAll();
            assertEquals("a", a.get());
            assertEquals("b", b.get());
        }
    }

    @Test
    void closesThePartsThatStartedAndRethrowsTheFailureWhenOneFails() {
        List<String> closed = new CopyOnWriteArrayList<>();
        var failure = new ServerStartException("port taken", null);
        try (var parts = new ParallelStart()) {
            parts.submit("ok", () -> "services", closed::add);
            parts.<String>submit("broken", () -> {
                throw failure;
            }, closed::add);
            parts.runHere(() -> "vertx", closed::add);
            assertSame(failure, assertThrows(ServerStartException.class, parts::awaitAll));
        }
        assertEquals(List.of("services", "vertx"), closed);
    }

    @Test
    void closesEachStartedPartOnceWhenTheCallerGivesUpBeforeAwaiting() {
        List<String> closed = new CopyOnWriteArrayList<>();
        try (var parts = new ParallelStart()) {
            parts.submit("ok", () -> "media", closed::add);
        }
        assertEquals(List.of("media"), closed);
    }

    private static String meetAt(CountDownLatch latch, String value) {
        latch.countDown();
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "the other part never ran alongside");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return value;
    }
}
