package dev.osprey.loadtest.peer;

import dev.osprey.loadtest.stats.Histogram;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counters and histograms shared by every peer of a run; all thread-safe. */
public final class RunStats {
    public final AtomicInteger publishersStarted = new AtomicInteger();
    public final AtomicInteger publishersLive = new AtomicInteger();
    public final AtomicInteger publishersFailed = new AtomicInteger();
    public final AtomicInteger viewersStarted = new AtomicInteger();
    public final AtomicInteger viewersLive = new AtomicInteger();
    public final AtomicInteger viewersFailed = new AtomicInteger();
    public final LongAdder packetsSent = new LongAdder();
    public final LongAdder bytesSent = new LongAdder();
    public final LongAdder packetsReceived = new LongAdder();
    public final LongAdder bytesReceived = new LongAdder();
    /** Viewer feedback sent: RTCP receiver reports and generic NACKs. */
    public final LongAdder reportsSent = new LongAdder();
    public final LongAdder nacksSent = new LongAdder();
    /** WebSocket open → first media packet received, viewers, microseconds. */
    public final Histogram viewerSetupMicros = new Histogram();
    /** Where a viewer's setup went, microseconds: WebSocket open → the server's offer. */
    public final Histogram viewerOfferMicros = new Histogram();
    /** Our answer sent → DTLS connected (ICE and the handshake). */
    public final Histogram viewerHandshakeMicros = new Histogram();
    /** DTLS connected → first media packet. */
    public final Histogram viewerFirstPacketMicros = new Histogram();
    /** Our answer sent → first media packet: the figure libdatachannel viewers report too. */
    public final Histogram viewerAnswerToMediaMicros = new Histogram();
    /** WebSocket open → DTLS connected, publishers, microseconds. */
    public final Histogram publisherSetupMicros = new Histogram();
    /** Publisher send → viewer receive of the same payload, microseconds. */
    public final Histogram latencyMicros = new Histogram();
    /** The same, only for packets received once the steady phase began (every viewer started and settled). */
    public final Histogram steadyLatencyMicros = new Histogram();
    /** Set when the steady phase begins. */
    public volatile boolean steady;
    /** One entry per viewer when it stops. */
    public final Queue<ViewerResult> viewerResults = new ConcurrentLinkedQueue<>();
    /** Failure reasons, for the summary (bounded by the peer count). */
    public final Queue<String> failures = new ConcurrentLinkedQueue<>();

    /** What one viewer received over its life. */
    public record ViewerResult(int stream, boolean live, long packets, long bytes, long expected, long lost,
                               double jitterMillis, long latencySamples) {
    }

    public int started() {
        return publishersStarted.get() + viewersStarted.get();
    }

    public int live() {
        return publishersLive.get() + viewersLive.get();
    }

    public int failed() {
        return publishersFailed.get() + viewersFailed.get();
    }
}
