package dev.osprey.server.security;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-subscriber connection count behind {@code concurrentConnectionsLimit}. */
class SubscriberConnectionsTest {

    private final SubscriberConnections connections = new SubscriberConnections();

    @Test
    void aSubscriberGetsAsManySlotsAsItsLimitAndOneMoreOnceOneIsGivenBack() {
        Runnable first = connections.tryAcquire("s1", "alice", 2);
        Runnable second = connections.tryAcquire("s1", "alice", 2);
        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        assertThat(connections.tryAcquire("s1", "alice", 2)).isNull();
        assertThat(connections.tryAcquire("s2", "alice", 2)).as("another stream counts apart").isNotNull();
        first.run();
        first.run(); // a second release gives nothing more back
        assertThat(connections.count("s1", "alice")).isEqualTo(1);
        assertThat(connections.tryAcquire("s1", "alice", 2)).isNotNull();
        assertThat(connections.tryAcquire("s1", "alice", 2)).isNull();
    }

    @Test
    void aLimitBelowOneMeansNoLimit() {
        for (int i = 0; i < 100; i++) {
            assertThat(connections.tryAcquire("s1", "bob", 0)).isNotNull();
        }
        assertThat(connections.count("s1", "bob")).isEqualTo(100);
    }

    @Test
    void racingAcquiresNeverExceedTheLimitAndAllReleasesEmptyTheCount() throws Exception {
        int threads = 8;
        List<Runnable> granted = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 1000; i++) {
                        Runnable slot = connections.tryAcquire("s1", "carol", 3);
                        if (slot != null) {
                            granted.add(slot);
                            assertThat(connections.count("s1", "carol")).isLessThanOrEqualTo(3);
                            slot.run();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
        }
        for (Future<?> worker : workers) {
            worker.get(); // an assertion that failed inside a worker fails the test here
        }
        assertThat(granted).isNotEmpty();
        assertThat(connections.count("s1", "carol")).isZero();
    }
}
