package dev.osprey.ingest.audio;

import dev.osprey.media.format.AudioSpecificConfig;
import io.netty.buffer.ByteBuf;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transcodes the AAC audio of an ingest source (RTMP, SRT) to the Opus that WebRTC viewers take:
 * 20 ms packets at 48 kHz, mono or stereo as the input, with 48 kHz timestamps that follow the
 * input's.
 *
 * <p>Each transcoder has its own worker thread ({@code aac-opus-<n>}, a daemon): {@link #submit}
 * copies the access unit into a preallocated slot and queues it without blocking; a full queue drops
 * the frame and counts it. The worker decodes, resamples and encodes with FFmpeg and calls the
 * {@link OpusSink} on its own thread. A corrupt frame is counted, logged (rate-limited) and skipped.
 * One thread per broadcast rather than a shared pool: it keeps the FFmpeg state confined to one
 * thread with no hand-over, an idle one costs only its stack, and a busy one uses a few percent of a
 * core.
 */
public final class AacToOpusTranscoder implements AutoCloseable {
    /** Frames the queue holds: about a second of AAC at 44.1 kHz. */
    public static final int DEFAULT_QUEUE_CAPACITY = 50;
    /** A larger access unit is not AAC (8 channels at the maximum 6144 bits each make 6 KiB). */
    static final int MAX_ACCESS_UNIT = 16 * 1024;
    private static final long MAX_JUMP_MILLIS = 500;
    private static final long GAP_THRESHOLD_MILLIS = 10;
    private static final long WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Logger LOG = LoggerFactory.getLogger(AacToOpusTranscoder.class);
    private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();
    private static final Slot STOP = new Slot(0);

    private final AudioSpecificConfig config;
    private final OpusSink sink;
    private final int bitrate;
    private final BlockingQueue<Slot> free;
    private final BlockingQueue<Slot> ready;
    private final Thread worker;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean stopped;
    private volatile String failure;
    private final AtomicLong framesIn = new AtomicLong();
    private final AtomicLong packetsOut = new AtomicLong();
    private final AtomicLong framesDropped = new AtomicLong();
    private final AtomicLong framesFailed = new AtomicLong();
    private final RateLimitedLog decodeWarnings = new RateLimitedLog(LOG, WARNING_INTERVAL_NANOS);
    private final RateLimitedLog sinkWarnings = new RateLimitedLog(LOG, WARNING_INTERVAL_NANOS);

    /** A queued access unit; the byte array is reused, growing to the largest unit seen. */
    private static final class Slot {
        byte[] data;
        int length;
        long timestamp; // 48 kHz

        Slot(int capacity) {
            data = new byte[capacity];
        }
    }

    private AacToOpusTranscoder(AudioSpecificConfig config, OpusSink sink, int bitrate, int queueCapacity) {
        this.config = config;
        this.sink = sink;
        this.bitrate = bitrate;
        this.free = new ArrayBlockingQueue<>(queueCapacity);
        this.ready = new ArrayBlockingQueue<>(queueCapacity + 1); // + STOP, so close() always finds room
        for (int i = 0; i < queueCapacity; i++) {
            free.add(new Slot(1024));
        }
        this.worker = new Thread(this::run, "aac-opus-" + THREAD_NUMBERS.incrementAndGet());
        worker.setDaemon(true);
    }

    /**
     * Starts a transcoder with a 64 kbit/s (mono) or 96 kbit/s (stereo) Opus encoder. FFmpeg is
     * loaded and the decoder opened on the worker, never on the caller's thread; a failure there
     * shows in {@link #failure()} and every later frame is dropped.
     *
     * @param config the stream's AudioSpecificConfig (RTMP's AAC sequence header, or
     *               {@link AdtsHeader#audioSpecificConfig()})
     * @param sink   receives the Opus packets on the worker thread
     */
    public static AacToOpusTranscoder start(AudioSpecificConfig config, OpusSink sink) {
        return start(config, sink, config.channelConfiguration() == 1 ? 64_000 : 96_000, DEFAULT_QUEUE_CAPACITY);
    }

    /** Starts a transcoder with an Opus bitrate (bit/s) and a queue of {@code queueCapacity} frames. */
    public static AacToOpusTranscoder start(AudioSpecificConfig config, OpusSink sink, int bitrate,
                                            int queueCapacity) {
        if (config == null || sink == null) {
            throw new NullPointerException("config and sink are required");
        }
        if (bitrate < 6_000 || bitrate > 510_000) {
            throw new IllegalArgumentException("Opus bitrate " + bitrate + " outside 6000..510000");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queue capacity " + queueCapacity);
        }
        AacToOpusTranscoder transcoder = new AacToOpusTranscoder(config, sink, bitrate, queueCapacity);
        transcoder.worker.start();
        return transcoder;
    }

    /**
     * Queues one raw AAC access unit (no ADTS header) for transcoding; never blocks. The bytes are
     * copied, so the array can be reused at once.
     *
     * @param timestamp the presentation time of its first sample, in units of {@code clockRate}
     *                  (1000 for RTMP's milliseconds, 90000 for MPEG-TS)
     * @return false when the frame was dropped: the queue is full, the transcoder closed or failed,
     *         or the frame is empty or too large to be AAC (counted as failed)
     */
    public boolean submit(byte[] accessUnit, int offset, int length, long timestamp, int clockRate) {
        if (offset < 0 || length < 0 || offset + length > accessUnit.length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + " in "
                    + accessUnit.length);
        }
        Slot slot = claim(length, timestamp, clockRate);
        if (slot == null) {
            return false;
        }
        System.arraycopy(accessUnit, offset, slot.data, 0, length);
        return enqueue(slot);
    }

    /** Queues the readable bytes of {@code accessUnit} like {@link #submit(byte[], int, int, long, int)}; the buffer is not consumed. */
    public boolean submit(ByteBuf accessUnit, long timestamp, int clockRate) {
        int length = accessUnit.readableBytes();
        Slot slot = claim(length, timestamp, clockRate);
        if (slot == null) {
            return false;
        }
        accessUnit.getBytes(accessUnit.readerIndex(), slot.data, 0, length);
        return enqueue(slot);
    }

    private Slot claim(int length, long timestamp, int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate " + clockRate);
        }
        framesIn.incrementAndGet();
        if (length == 0 || length > MAX_ACCESS_UNIT) {
            framesFailed.incrementAndGet();
            return null;
        }
        Slot slot = stopped || closing.get() ? null : free.poll();
        if (slot == null) {
            framesDropped.incrementAndGet();
            return null;
        }
        if (slot.data.length < length) {
            slot.data = new byte[Math.max(length, slot.data.length * 2)]; // rare: the slot keeps it
        }
        slot.length = length;
        slot.timestamp = Math.floorDiv(timestamp * AacOpusPipeline.OPUS_RATE, clockRate);
        return slot;
    }

    private boolean enqueue(Slot slot) {
        if (!ready.offer(slot)) { // cannot happen: ready has room for every slot
            free.offer(slot);
            framesDropped.incrementAndGet();
            return false;
        }
        return true;
    }

    private void run() {
        AacOpusPipeline pipeline = null;
        try {
            long maxJump = MAX_JUMP_MILLIS * AacOpusPipeline.OPUS_RATE / 1000;
            long gapThreshold = GAP_THRESHOLD_MILLIS * AacOpusPipeline.OPUS_RATE / 1000;
            pipeline = new AacOpusPipeline(config, bitrate, this::deliver, new AudioTimeline(maxJump, gapThreshold));
            while (true) {
                Slot slot = ready.take();
                if (slot == STOP) {
                    break;
                }
                try {
                    transcode(pipeline, slot);
                } finally {
                    free.offer(slot);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // nobody interrupts the worker; stop if someone does
        } catch (AacOpusPipeline.SetupException | RuntimeException | Error e) { // Error: natives missing, out of memory
            failure = e.toString();
            LOG.error("AAC to Opus transcoder for {} stopped: {}", config, e.toString(), e);
        } finally {
            stopped = true;
            if (pipeline != null) {
                pipeline.close();
            }
            for (Slot left; (left = ready.poll()) != null; ) {
                if (left != STOP) {
                    framesDropped.incrementAndGet();
                }
            }
        }
    }

    private void transcode(AacOpusPipeline pipeline, Slot slot) throws AacOpusPipeline.SetupException {
        String problem;
        try {
            problem = pipeline.transcode(slot.data, slot.length, slot.timestamp) ? null : "the decoder refused it";
        } catch (RuntimeException e) { // FFmpeg refused something about this frame; the next may do
            problem = e.toString();
        }
        if (problem != null) {
            long failed = framesFailed.incrementAndGet();
            decodeWarnings.warn("AAC frame of {} bytes skipped ({} so far for {}): {}", slot.length, failed, config,
                    problem);
        }
    }

    private void deliver(byte[] packet, int length, long rtpTimestamp) {
        try {
            sink.opus(packet, length, rtpTimestamp);
            packetsOut.incrementAndGet();
        } catch (RuntimeException e) {
            sinkWarnings.warn("Opus sink failed: {}", e.toString(), e);
        }
    }

    /** The counters now. */
    public TranscoderStats stats() {
        return new TranscoderStats(framesIn.get(), packetsOut.get(), framesDropped.get(), framesFailed.get());
    }

    /** Why the worker stopped on its own (FFmpeg missing, a codec that would not open), if it did. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** True once the worker has stopped (closed or failed) and freed its native state. */
    public boolean isStopped() {
        return stopped && !worker.isAlive();
    }

    /**
     * Stops the worker after the frame it is on; queued frames are dropped. Does not wait: the worker
     * frees the FFmpeg state itself as it ends (see {@link #awaitStop}). Idempotent.
     */
    @Override
    public void close() {
        if (closing.compareAndSet(false, true)) {
            ready.offer(STOP);
        }
    }

    /** Waits until the worker has ended; true if it did within the timeout. */
    public boolean awaitStop(long timeout, TimeUnit unit) throws InterruptedException {
        worker.join(Math.max(1, unit.toMillis(timeout)));
        return !worker.isAlive();
    }

    /** The worker thread's name, for logs. */
    public String threadName() {
        return worker.getName();
    }
}
