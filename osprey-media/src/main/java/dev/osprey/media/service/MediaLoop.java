package dev.osprey.media.service;

import dev.osprey.media.service.datachannel.DataChannelCounters;
import dev.osprey.media.service.room.RoomViewers;
import dev.osprey.webrtc.net.UdpMux;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One of a {@link MediaService}'s media loops: a {@link UdpMux} (its own UDP socket and port, so the
 * kernel delivers a peer's datagrams straight to the loop its session lives on) and the sessions that
 * live there: publishers with their broadcasts, viewers (of broadcasts here or, through a mirror, of
 * broadcasts on other loops) and room viewers. Everything here is confined to the mux's event loop,
 * except the placement counters, which any thread reads.
 */
final class MediaLoop {
    private static final Logger LOG = LoggerFactory.getLogger(MediaLoop.class);

    final int index;
    final UdpMux mux;
    final EventLoop eventLoop;
    // Loop-confined.
    final List<PublisherSession> publishers = new ArrayList<>();
    final List<ViewerSession> viewers = new ArrayList<>();
    RoomViewers roomViewers;
    /** The data channel figures of this loop's sessions (counted on the loop, summed by the service). */
    final DataChannelCounters dataCounters = new DataChannelCounters();
    long ticks;
    /** Publisher RTP dropped before forwarding; loop-confined, readable (approximately) from anywhere. */
    private volatile long droppedRtp;
    /** Sessions placed here and not ended; any thread. */
    final AtomicInteger placedPublishers = new AtomicInteger();
    final AtomicInteger placedViewers = new AtomicInteger();

    MediaLoop(int index, UdpMux mux) {
        this.index = index;
        this.mux = mux;
        this.eventLoop = mux.socket().eventLoop();
    }

    /** Runs {@code task} on this loop: at once when called there, else queued. */
    void onLoop(Runnable task) {
        if (eventLoop.inEventLoop()) {
            task.run();
            return;
        }
        queueOnLoop(task);
    }

    /** Queues {@code task} behind everything already queued on this loop, even when called there. */
    void queueOnLoop(Runnable task) {
        try {
            eventLoop.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("media loop {} is shut down; task dropped", index);
        }
    }

    /** A publisher packet that is not forwarded; this loop. */
    void countDroppedRtp() {
        droppedRtp++;
    }

    long droppedRtp() {
        return droppedRtp;
    }
}
