package dev.osprey.webrtc.sctp;

import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Two endpoints joined by a simulated datagram path in virtual time: latency, jitter (which reorders), loss and
 * duplication. Drives both endpoints' timers, so a test runs minutes of protocol time in milliseconds.
 */
public final class VirtualNetwork {
    /** What the network needs from an endpoint. */
    public interface Endpoint {
        void onPacket(byte[] buf, int off, int len);

        void tick(long nowNanos);

        long nextTimeoutNanos();
    }

    private record Delivery(long at, long seq, int to, byte[] bytes) implements Comparable<Delivery> {
        @Override
        public int compareTo(Delivery o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Delivery> queue = new PriorityQueue<>();
    private final Random random;
    private final Endpoint[] endpoints = new Endpoint[2];
    private long now = 1_000_000_000L;
    private long seq;
    public long latencyNanos = 10_000_000L;
    public long jitterNanos;
    public double loss;
    public double duplication;
    /** When false, packets towards that endpoint vanish (a dead or stalled peer). */
    public final boolean[] reachable = {true, true};
    long delivered;
    long dropped;

    public VirtualNetwork(long seed) {
        random = new Random(seed);
    }

    public LongSupplier clock() {
        return () -> now;
    }

    public long now() {
        return now;
    }

    public void attach(int index, Endpoint endpoint) {
        endpoints[index] = endpoint;
    }

    /** The sink an endpoint at {@code from} sends through. */
    public SctpPacketSink sinkFrom(int from) {
        int to = 1 - from;
        return (buf, off, len) -> {
            if (!reachable[to] || random.nextDouble() < loss) {
                dropped++;
                return;
            }
            byte[] copy = java.util.Arrays.copyOfRange(buf, off, off + len);
            schedule(to, copy);
            if (random.nextDouble() < duplication) {
                schedule(to, copy.clone());
            }
        };
    }

    private void schedule(int to, byte[] bytes) {
        long delay = latencyNanos + (jitterNanos > 0 ? (long) (random.nextDouble() * jitterNanos) : 0);
        queue.add(new Delivery(now + delay, seq++, to, bytes));
    }

    /** Runs events until {@code done} holds or the virtual time limit passes; returns whether done. */
    public boolean runUntil(BooleanSupplier done, long maxVirtualNanos) {
        long limit = now + maxVirtualNanos;
        while (!done.getAsBoolean()) {
            long nextTimer = Math.min(endpoints[0].nextTimeoutNanos(), endpoints[1].nextTimeoutNanos());
            Delivery next = queue.peek();
            long nextAt = Math.min(nextTimer, next == null ? Long.MAX_VALUE : next.at);
            if (nextAt == Long.MAX_VALUE || nextAt > limit) {
                now = Math.max(now, Math.min(limit, nextAt));
                return done.getAsBoolean();
            }
            now = Math.max(now, nextAt);
            if (next != null && next.at <= now) {
                queue.poll();
                delivered++;
                endpoints[next.to].onPacket(next.bytes, 0, next.bytes.length);
            } else {
                for (Endpoint e : endpoints) {
                    if (e.nextTimeoutNanos() <= now) {
                        e.tick(now);
                    }
                }
            }
        }
        return true;
    }

    public void runFor(long virtualNanos) {
        runUntil(() -> false, virtualNanos);
    }

    static Endpoint of(SctpAssociation a) {
        return new Endpoint() {
            @Override
            public void onPacket(byte[] buf, int off, int len) {
                a.onPacket(buf, off, len);
            }

            @Override
            public void tick(long nowNanos) {
                a.tick(nowNanos);
            }

            @Override
            public long nextTimeoutNanos() {
                return a.nextTimeoutNanos();
            }
        };
    }
}
