package dev.osprey.server.recording;

import dev.osprey.media.StreamInfo;
import dev.osprey.media.TapHandle;
import dev.osprey.media.frame.FrameTap;
import dev.osprey.media.service.MediaService;
import dev.osprey.record.Container;
import dev.osprey.server.store.AppSettings;
import dev.osprey.server.store.ApplicationData;
import dev.osprey.server.store.Broadcast;
import dev.osprey.server.store.StreamEventListener;
import dev.osprey.server.store.VodEntry;
import dev.osprey.server.webhook.WebhookNotifier;
import dev.osprey.signaling.protocol.StreamIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One application's recordings: started for each stream that goes live when its broadcast
 * ({@code mp4Enabled}/{@code webMEnabled}: 1 on, -1 off, 0 as the application) or the application
 * ({@code mp4MuxingEnabled}/{@code webMMuxingEnabled}) asks for it, and by REST; each a
 * {@link FrameTap} feeding a {@link RecordingSink}. A finished file becomes a VoD entry and a
 * {@code vodReady} webhook. Files a killed server left half written are finished at the start
 * ({@link RecordingRecovery}). While the VoD folder's disk has less than the configured space free,
 * recordings stop (log line and {@code recordingStopped} webhook) and none start.
 *
 * <p>Threading: every decision (start, stop, names, the disk check) runs on this application's
 * recording thread, so no lock is needed; {@link #streamEvent} only queues, REST calls wait for their
 * answer. Recorders run on their taps' worker threads and report their end back to this thread.
 */
public final class Recordings implements StreamEventListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Recordings.class);
    private static final long DISK_CHECK_SECONDS = 5;
    /** How long a REST start waits for the tap's first look at the tracks. */
    private static final Duration ACCEPT_WAIT = Duration.ofSeconds(3);
    private static final Duration CALL_WAIT = Duration.ofSeconds(10);

    /** How a start or stop went: {@code message} says why when it did not. */
    public record Outcome(Status status, String message) {
        public enum Status { DONE, NOT_LIVE, REFUSED }

        public boolean success() {
            return status == Status.DONE;
        }

        static Outcome ok() {
            return new Outcome(Status.DONE, null);
        }

        static Outcome notLive() {
            return new Outcome(Status.NOT_LIVE, "the stream is not live");
        }

        static Outcome failed(String message) {
            return new Outcome(Status.REFUSED, message);
        }
    }

    private record Key(String streamId, Container container) {
    }

    /** A recording from its start until its file is listed. */
    private static final class Active {
        final Key key;
        final Broadcast broadcast;
        final Path file;
        /** Set on the recording thread right after the tap started; the tap may end before. */
        volatile TapHandle handle;

        Active(Key key, Broadcast broadcast, Path file) {
            this.key = key;
            this.broadcast = broadcast;
            this.file = file;
        }

        void stop() {
            TapHandle h = handle;
            if (h != null) {
                h.stop();
            }
        }
    }

    private final ApplicationData data;
    private final WebhookNotifier webhooks;
    private final long minFreeBytes;
    private final ScheduledExecutorService thread;
    /** The recordings running, by stream and container. */
    private final Map<Key, Active> active = new HashMap<>();
    /** Every recording until its file is listed, stopped ones included. */
    private final Set<Active> unfinished = new HashSet<>();
    /** File names of recordings that may not have created their file yet, or are still finishing it. */
    private final Set<String> takenNames = new HashSet<>();
    private MediaService media;

    /**
     * @param minFreeDiskMb MiB that must stay free on the VoD folder's disk
     */
    public Recordings(ApplicationData data, WebhookNotifier webhooks, int minFreeDiskMb) {
        this.data = data;
        this.webhooks = webhooks;
        this.minFreeBytes = (long) minFreeDiskMb << 20;
        this.thread = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("osprey-recording-" + data.name()).factory());
    }

    /**
     * Connects the application's media service; then finishes the recordings a killed server left
     * (before any new one starts) and begins the disk checks.
     */
    public void attach(MediaService mediaService) {
        thread.execute(() -> {
            media = mediaService;
            new RecordingRecovery(data, webhooks).recoverAll();
        });
        thread.scheduleWithFixedDelay(this::checkDiskSpace, DISK_CHECK_SECONDS, DISK_CHECK_SECONDS, TimeUnit.SECONDS);
    }

    // ---------------------------------------------------------------- starting

    @Override
    public void streamEvent(String action, Broadcast broadcast, long timestamp) {
        if (!LIVE_STREAM_STARTED.equals(action)) {
            return;
        }
        thread.execute(() -> {
            AppSettings settings = data.settings();
            for (Container container : Container.values()) {
                if (wanted(broadcast, container, settings)) {
                    Outcome outcome = start(broadcast, container, true);
                    if (!outcome.success()) {
                        LOG.info("{}/{}: no {} recording: {}", data.name(), broadcast.streamId, container, outcome.message());
                    }
                }
            }
        });
    }

    private static boolean wanted(Broadcast b, Container container, AppSettings settings) {
        int own = container == Container.MP4 ? b.mp4Enabled : b.webMEnabled;
        boolean app = container == Container.MP4 ? settings.mp4MuxingEnabled : settings.webMMuxingEnabled;
        return own > 0 || (own == 0 && app);
    }

    /**
     * Starts recording a live stream into {@code container} (REST); waits until the recording has seen
     * the stream's tracks, so that a codec the container cannot hold is answered here.
     */
    public Outcome start(String streamId, Container container) {
        return call(() -> {
            Broadcast b = data.store().broadcast(streamId).orElseGet(() -> unregistered(streamId));
            return start(b, container, false);
        });
    }

    private static Broadcast unregistered(String streamId) {
        Broadcast b = new Broadcast();
        b.streamId = streamId;
        b.name = streamId;
        return b;
    }

    /** On the recording thread. {@code automatic}: at the stream's start, without waiting for the tracks. */
    private Outcome start(Broadcast b, Container container, boolean automatic) {
        if (!StreamIds.isValid(b.streamId)) {
            return Outcome.failed("the stream id cannot name a file"); // the signalling lets no such id in
        }
        Key key = new Key(b.streamId, container);
        if (active.containsKey(key)) {
            return Outcome.failed("the stream is already recorded to " + container);
        }
        if (media == null || !media.isLive(b.streamId)) {
            return Outcome.notLive();
        }
        Optional<String> unfit = media.streamInfo(b.streamId).map(StreamInfo::videoCodec)
                .filter(codec -> !container.holdsVideo(codec))
                .map(codec -> codec + " video cannot be recorded to " + container);
        if (unfit.isPresent()) {
            return Outcome.failed(unfit.get());
        }
        Path folder;
        try {
            folder = data.vodFolder().create();
        } catch (IOException e) {
            return Outcome.failed("the VoD folder cannot be created: " + e.getMessage());
        }
        if (!enoughSpace(folder)) {
            return Outcome.failed("less than " + (minFreeBytes >> 20) + " MiB free on the recording disk");
        }
        Path file = RecordingNames.next(folder, b.streamId, container, data.settings().addDateTimeToMp4FileName,
                Instant.now(), takenNames);
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("streamId", b.streamId);
        if (b.name != null && !b.name.isEmpty()) {
            tags.put("streamName", b.name);
        }
        Active recording = new Active(key, webhookCopy(b), file);
        RecordingSink sink = new RecordingSink(container, file, tags, (written, startTime, durationMs) ->
                ended(recording, written, startTime, durationMs));
        Optional<TapHandle> handle = media.addTap(b.streamId, "recording-" + container.extension(),
                new FrameTap(sink, FrameTap.Options.defaults()));
        if (handle.isEmpty()) {
            return Outcome.notLive();
        }
        recording.handle = handle.get();
        active.put(key, recording);
        unfinished.add(recording);
        takenNames.add(file.getFileName().toString());
        sink.accepted().thenAccept(refusal -> {
            if (refusal != null) {
                recording.stop();
            }
        });
        if (automatic) {
            return Outcome.ok();
        }
        try {
            String refusal = sink.accepted().get(ACCEPT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return refusal == null ? Outcome.ok() : Outcome.failed(refusal);
        } catch (TimeoutException e) {
            return Outcome.ok(); // no description yet: the recording starts when it comes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.ok();
        } catch (ExecutionException e) {
            return Outcome.failed(e.getCause().toString());
        }
    }

    /** What the webhooks of a recording need of its broadcast, kept apart from the store's copy. */
    static Broadcast webhookCopy(Broadcast b) {
        Broadcast copy = new Broadcast();
        copy.streamId = b.streamId;
        copy.name = b.name;
        copy.category = b.category;
        copy.metaData = b.metaData;
        copy.mainTrackStreamId = b.mainTrackStreamId;
        copy.listenerHookURL = b.listenerHookURL;
        return copy;
    }

    // ---------------------------------------------------------------- stopping and ending

    /** Stops recording a stream into {@code container} (REST); the file is finished in the background. */
    public Outcome stop(String streamId, Container container) {
        return call(() -> {
            Active a = active.remove(new Key(streamId, container));
            if (a == null) {
                return media != null && media.isLive(streamId)
                        ? Outcome.failed("the stream is not recorded to " + container) : Outcome.notLive();
            }
            a.stop();
            return Outcome.ok();
        });
    }

    /** On the tap's worker thread: list the file, tell the webhook, then let the name go. */
    private void ended(Active a, Path file, long startTime, long durationMs) {
        try {
            if (file != null) {
                VodEntry vod = data.addRecording(a.broadcast.streamId, a.broadcast.name, file, startTime, durationMs);
                String name = file.getFileName().toString();
                webhooks.vodReady(a.broadcast, name.substring(0, name.lastIndexOf('.')), vod.vodId(),
                        System.currentTimeMillis());
                LOG.info("{}/{}: recording {} listed as VoD {} ({} ms)", data.name(), a.broadcast.streamId,
                        name, vod.vodId(), durationMs);
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: the recording {} could not be listed: {}", data.name(), file, e.toString());
        } finally {
            try {
                thread.execute(() -> {
                    active.remove(a.key, a);
                    unfinished.remove(a);
                    takenNames.remove(a.file.getFileName().toString());
                });
            } catch (RejectedExecutionException e) {
                // closed: nothing is left to forget
            }
        }
    }

    // ---------------------------------------------------------------- disk space

    private boolean enoughSpace(Path folder) {
        try {
            return Files.getFileStore(folder).getUsableSpace() >= minFreeBytes;
        } catch (IOException e) {
            LOG.warn("{}: free space of {} unknown: {}", data.name(), folder, e.toString());
            return true;
        }
    }

    private void checkDiskSpace() {
        if (active.isEmpty() || enoughSpace(data.vodFolder().root())) {
            return;
        }
        LOG.warn("{}: less than {} MiB free on {}: stopping {} recording(s)", data.name(), minFreeBytes >> 20,
                data.vodFolder().root(), active.size());
        long now = System.currentTimeMillis();
        for (Active a : new ArrayList<>(active.values())) {
            active.remove(a.key);
            a.stop();
            webhooks.recordingStopped(a.broadcast, "diskSpace", now);
        }
    }

    // ---------------------------------------------------------------- lifecycle

    private <T> T call(Callable<T> task) {
        try {
            return thread.submit(task).get(CALL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the recording thread of " + data.name() + " did not answer");
        }
    }

    /**
     * For a graceful stop, after the media service closed (every tap is ending): waits up to
     * {@code timeout} for the recordings to finish their files and list them.
     */
    public void awaitEnded(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Active> running;
        try {
            running = call(() -> List.copyOf(unfinished));
        } catch (IllegalStateException e) {
            LOG.warn("{}: recordings not awaited at shutdown: {}", data.name(), e.getMessage());
            return;
        }
        for (Active a : running) {
            try {
                TapHandle h = a.handle;
                if (h != null && !h.awaitClosed(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                    LOG.warn("{}: recording {} not finished at shutdown", data.name(), a.file);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
