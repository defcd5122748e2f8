package dev.osprey.server;

import java.time.Duration;
import java.util.Collection;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs client-role room participants from the test's thread: handles what arrived on their sockets
 * and has each send media (one VP8 keyframe, one Opus packet) every {@code pumpInterval}.
 */
final class RoomDriver {
    private final Collection<RoomParticipant> participants;
    private final long pumpNanos;
    private long nextPump;

    /** {@code participants} is read on every step, so participants added later are driven too. */
    RoomDriver(Collection<RoomParticipant> participants, Duration pumpInterval) {
        this.participants = participants;
        this.pumpNanos = pumpInterval.toNanos();
    }

    /** Drives the participants for {@code duration}. */
    void drive(Duration duration) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        do {
            long now = System.nanoTime();
            boolean pump = now - nextPump >= 0;
            if (pump) {
                nextPump = now + pumpNanos;
            }
            for (RoomParticipant p : participants) {
                p.poll();
                if (pump) {
                    p.pump();
                }
            }
            Thread.sleep(2);
        } while (System.nanoTime() < end);
    }

    /** Drives until {@code condition} holds; fails after {@code limit} with {@code what} as it is then. */
    void until(BooleanSupplier condition, Duration limit, Supplier<String> what) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + limit + ": " + what.get());
            }
            drive(Duration.ofMillis(10));
        }
    }
}
