package dev.osprey.media.service;

import dev.osprey.media.Broadcast;
import dev.osprey.media.MediaSink;

/**
 * A diagnostic that measures the time a packet spends in the server: from a decrypted source packet
 * entering its broadcast to each viewer's copy having been rewritten, encrypted and handed to the
 * socket. Costs a clock read per forwarded packet, so it is off unless asked for.
 */
public final class ForwardingLatencyProbe implements LegWrappers {
    private final LatencyHistogram histogram = new LatencyHistogram();

    /** The figures so far; read from any thread. */
    public LatencyHistogram histogram() {
        return histogram;
    }

    @Override
    public MediaSink viewerLeg(Broadcast broadcast, MediaSink leg) {
        return new DelegatingSink(leg) {
            @Override
            public void sendRtp(byte[] buf, int off, int len) {
                leg.sendRtp(buf, off, len);
                long arrival = broadcast.fanOutArrivalNanos();
                if (arrival != 0) {
                    histogram.recordNanos(System.nanoTime() - arrival);
                }
            }
        };
    }
}
