package dev.osprey.media;

import dev.osprey.webrtc.rtp.RtpPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one {@link Tap}: the broadcast's thread offers events to its {@link TapQueue}, a dedicated
 * worker thread takes them and calls the tap. The packet path never makes a system call for a tap:
 * the worker is woken by the broadcast's {@link Broadcast#tick()} (every 20–50 ms) when something is
 * queued, and at once when the queue is more than half full.
 *
 * <p>Keyframe requests from the tap (any thread) are collected in a bit set that the broadcast's tick
 * takes and throttles like the viewers' requests.
 */
final class TapRunner implements TapHandle, TapControl, TapQueue.Consumer {
    private static final Logger LOG = LoggerFactory.getLogger(TapRunner.class);
    private static final long TICK_NANOS = 50_000_000L;
    private static final int BATCH = 256;
    private static final long ERROR_LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final Broadcast broadcast;
    private final String name;
    private final Tap tap;
    private final TapQueue queue;
    private final Thread worker;
    private final AtomicInteger keyframesWanted = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final RtpPacket view = new RtpPacket();
    private volatile boolean stopping;
    private volatile boolean parked;

    // Worker only (volatile for readers elsewhere).
    private volatile long delivered;
    private volatile long errors;
    private boolean started;
    private boolean resync;
    private long lastErrorLogNanos;

    TapRunner(Broadcast broadcast, String name, Tap tap, int queueBytes) {
        this.broadcast = broadcast;
        this.name = name;
        this.tap = tap;
        this.queue = new TapQueue(queueBytes, queueBytes / 256);
        this.worker = new Thread(this::run, "tap-" + broadcast.streamId() + "-" + name);
        worker.setDaemon(true);
    }

    void startWorker() {
        worker.start();
    }

    @Override
    public String name() {
        return name;
    }

    // ---------------------------------------------------------------- TapHandle / TapControl (any thread)

    @Override
    public void stop() {
        broadcast.removeTap(this);
    }

    @Override
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public long packetsDelivered() {
        return delivered;
    }

    @Override
    public long packetsDropped() {
        return queue.dropped();
    }

    @Override
    public long errors() {
        return errors;
    }

    @Override
    public void requestKeyframe(int track) {
        if (track >= 0 && track < Broadcast.MAX_TRACKS) {
            keyframesWanted.getAndUpdate(bits -> bits | 1 << track);
        }
    }

    // ---------------------------------------------------------------- broadcast thread

    void offerRtp(int track, RtpPacket packet, long arrivalNanos) {
        queue.offerRtp(track, packet, arrivalNanos);
        if (parked && queue.moreThanHalfFull()) {
            wake();
        }
    }

    void offerSenderReport(int track, long ntp, int rtp, long arrivalNanos) {
        queue.offerSenderReport(track, ntp, rtp, arrivalNanos);
    }

    void offerSource(SourceDescription description) {
        queue.offerSource(description);
    }

    /** The tracks the tap asked keyframes for since the last call, as bits. */
    int takeKeyframeRequests() {
        return keyframesWanted.get() == 0 ? 0 : keyframesWanted.getAndSet(0);
    }

    /** Periodic: wakes the worker when something is queued. */
    void tick() {
        if (parked && !queue.isEmpty()) {
            wake();
        }
    }

    /** No more events follow: the worker delivers what is queued, then closes the tap. */
    void close() {
        stopping = true;
        wake();
    }

    private void wake() {
        LockSupport.unpark(worker);
    }

    // ---------------------------------------------------------------- worker

    private void run() {
        try {
            long lastTick = System.nanoTime();
            while (true) {
                int taken = queue.drain(this, BATCH);
                long now = System.nanoTime();
                if (started && now - lastTick >= TICK_NANOS) {
                    lastTick = now;
                    call(() -> tap.onTick(now));
                }
                if (taken > 0) {
                    continue;
                }
                if (stopping && queue.isEmpty()) {
                    break;
                }
                parked = true;
                if (queue.isEmpty() && !stopping) {
                    LockSupport.parkNanos(this, TICK_NANOS);
                }
                parked = false;
            }
        } finally {
            if (started) {
                call(tap::onClose);
            }
            closed.countDown();
        }
    }

    @Override
    public void rtp(int track, byte[] buf, int off, int len, long arrivalNanos, long lostBefore) {
        if (!started || !view.wrap(buf, off, len)) {
            return;
        }
        deliverGap(lostBefore);
        delivered++;
        try {
            tap.onRtp(track, view, arrivalNanos); // called directly: no lambda per packet
        } catch (Throwable t) {
            failed(t);
            resync = true;
        }
    }

    @Override
    public void senderReport(int track, long ntp, int rtp, long arrivalNanos, long lostBefore) {
        if (started) {
            deliverGap(lostBefore);
            call(() -> tap.onSenderReport(track, ntp, rtp, arrivalNanos));
        }
    }

    @Override
    public void source(SourceDescription description, long lostBefore) {
        if (!started) {
            started = true;
            call(() -> tap.onStart(description, this));
            return;
        }
        deliverGap(lostBefore);
        call(() -> tap.onSourceChanged(description));
    }

    private void deliverGap(long lostBefore) {
        long lost = lostBefore + (resync ? 1 : 0);
        if (lost > 0) {
            resync = false;
            call(() -> tap.onGap(lost));
        }
    }

    /** Runs one of the tap's less frequent calls; a throw is counted and logged, never passed on. */
    private void call(Runnable call) {
        try {
            call.run();
        } catch (Throwable t) {
            failed(t);
        }
    }

    /** Counts a call of the tap that threw, and logs it (at most every 10 s). */
    private void failed(Throwable t) {
        errors++;
        long now = System.nanoTime();
        if (errors == 1 || now - lastErrorLogNanos >= ERROR_LOG_INTERVAL_NANOS) {
            lastErrorLogNanos = now;
            LOG.warn("{}: tap {} failed ({} failures so far)", broadcast.streamId(), name, errors, t);
        }
    }
}
