package dev.osprey.webrtc.net;

import java.util.concurrent.atomic.AtomicLongArray;

/** Drop counters of a {@link UdpMux}; written on the mux's loop, readable from any thread. */
public final class MuxCounters {
    private final AtomicLongArray drops = new AtomicLongArray(DropReason.values().length);

    void drop(DropReason reason) {
        drops.incrementAndGet(reason.ordinal());
    }

    public long drops(DropReason reason) {
        return drops.get(reason.ordinal());
    }

    public long totalDrops() {
        long sum = 0;
        for (int i = 0; i < drops.length(); i++) {
            sum += drops.get(i);
        }
        return sum;
    }
}
