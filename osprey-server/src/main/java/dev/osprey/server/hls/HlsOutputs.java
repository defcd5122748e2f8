package dev.osprey.server.hls;

import dev.osprey.media.SourceDescription;
import dev.osprey.media.frame.AssembledFrame;
import dev.osprey.media.frame.FrameConsumer;
import dev.osprey.media.frame.FrameTap;
import dev.osprey.media.service.MediaService;
import dev.osprey.record.hls.HlsFiles;
import dev.osprey.record.hls.HlsMuxer;
import dev.osprey.record.hls.HlsSegmenter;
import dev.osprey.record.hls.HlsStream;
import dev.osprey.server.store.ApplicationData;
import dev.osprey.server.store.Broadcast;
import dev.osprey.server.store.StreamEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One application's HLS: for each stream that goes live while {@code hlsMuxingEnabled} is on, an
 * {@link HlsMuxer} on a {@link FrameTap} that asks the publisher for a keyframe every {@code hlsTime};
 * the streams readers reach, kept for a short while after their end so that players get the end tag;
 * their HLS viewers, written to the broadcasts' {@code hlsViewerCount}. At the start, playlists a
 * stopped server left live are ended or deleted ({@link StalePlaylists}).
 *
 * <p>Threading: starts and the viewer counts run on this application's HLS thread; {@link #live} and
 * {@link #viewerSeen} are called from HTTP event loops and only touch concurrent maps.
 */
public final class HlsOutputs implements StreamEventListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HlsOutputs.class);
    /** How long an ended stream still answers from memory. */
    static final Duration ENDED_GRACE = Duration.ofSeconds(15);
    private static final long VIEWER_COUNT_SECONDS = 5;

    private final ApplicationData data;
    private final ScheduledExecutorService thread;
    private final Map<String, HlsStream> outputs = new ConcurrentHashMap<>();
    private final HlsViewers viewers = new HlsViewers();
    private MediaService media;

    public HlsOutputs(ApplicationData data) {
        this.data = data;
        this.thread = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("osprey-hls-" + data.name()).factory());
    }

    /** Connects the application's media service; ends the playlists a stopped server left live. */
    public void attach(MediaService mediaService) {
        thread.execute(() -> {
            media = mediaService;
            new StalePlaylists(data.vodFolder().root(), data.settings().deleteHLSFilesOnEnded).clean();
        });
        thread.scheduleWithFixedDelay(this::countViewers, VIEWER_COUNT_SECONDS, VIEWER_COUNT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void streamEvent(String action, Broadcast broadcast, long timestamp) {
        if (LIVE_STREAM_STARTED.equals(action)) {
            thread.execute(() -> start(broadcast));
        }
    }

    private void start(Broadcast b) {
        if (media == null || !data.settings().hlsMuxingEnabled) {
            return;
        }
        HlsConfig config = HlsConfig.of(data.settings(), b);
        Path folder;
        try {
            folder = data.vodFolder().create();
        } catch (IOException e) {
            LOG.warn("{}/{}: no HLS, the streams folder cannot be created: {}", data.name(), b.streamId, e.getMessage());
            return;
        }
        HlsStream stream = new HlsStream(b.streamId, config.settings());
        HlsMuxer muxer = new HlsMuxer(stream, new HlsFiles(folder, b.streamId, config.settings(),
                config.deleteOldSegments(), config.deleteOnEnd()));
        long keyframeInterval = HlsSegmenter.keyframeRequestNanos(config.settings());
        boolean live = media.addTap(b.streamId, "hls", new FrameTap(new Reporting(muxer, b.streamId),
                FrameTap.Options.defaults().withKeyframeInterval(keyframeInterval))).isPresent();
        if (live) {
            outputs.put(b.streamId, stream); // the tap ends itself with the stream
        }
    }

    /** Tells the broadcast when its codecs have no HLS. */
    private final class Reporting implements FrameConsumer {
        private final HlsMuxer muxer;
        private final String streamId;
        private boolean reported;

        Reporting(HlsMuxer muxer, String streamId) {
            this.muxer = muxer;
            this.streamId = streamId;
        }

        @Override
        public void onTracks(SourceDescription source) {
            muxer.onTracks(source);
            String refusal = muxer.refusal();
            if (refusal != null && !reported) {
                reported = true;
                data.runOrdered(() -> data.store().updateBroadcast(streamId, b -> {
                    b.hlsUnavailableReason = refusal;
                    return b;
                }));
            }
        }

        @Override
        public void onFrame(int track, AssembledFrame frame, long timeMicros) {
            muxer.onFrame(track, frame, timeMicros);
        }

        @Override
        public void onClose() {
            muxer.onClose();
        }
    }

    /** The stream's HLS as readers reach it, or null: none, or ended longer ago than the grace. */
    public HlsStream live(String streamId) {
        HlsStream stream = outputs.get(streamId);
        if (stream == null) {
            return null;
        }
        HlsStream.State state = stream.state();
        if (state.ended() && (state.segments().isEmpty()
                || System.nanoTime() - stream.endedNanos() > ENDED_GRACE.toNanos())) {
            outputs.remove(streamId, stream); // nothing to serve, or its end tag was served long enough
            return null;
        }
        return stream;
    }

    /** A player asked for the stream's playlist. */
    void viewerSeen(String streamId, String viewer) {
        viewers.seen(streamId, viewer, System.nanoTime());
    }

    private long windowNanos(String streamId) {
        HlsStream stream = outputs.get(streamId);
        double segment = stream == null ? 2 : stream.settings().segmentSeconds();
        return (long) (Math.max(10, 3 * segment) * 1e9);
    }

    private void countViewers() {
        long now = System.nanoTime();
        for (String streamId : viewers.streams()) {
            int count = viewers.count(streamId, now, windowNanos(streamId));
            if (viewers.changed(streamId, count)) {
                data.runOrdered(() -> data.store().updateBroadcast(streamId, b -> {
                    b.hlsViewerCount = Broadcast.STATUS_BROADCASTING.equals(b.status) ? count : 0;
                    return b;
                }));
            }
        }
        viewers.forgetIdle(now, (long) 120e9);
        outputs.keySet().forEach(this::live); // drops outputs past their grace
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
