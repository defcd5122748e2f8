package dev.osprey.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.osprey.signaling.protocol.StreamIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One application's data: its {@link DataStore}, the settings in force (an in-memory snapshot, so
 * request filters never touch the database), the set of known stream ids (answering
 * {@code acceptOnlyStreamsInDataStore} without blocking) and a single writer thread that applies
 * lifecycle events in the order the signalling reported them.
 */
public final class ApplicationData implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationData.class);

    private final String name;
    private final DataStore store;
    private final VodFolder vodFolder;
    private final Set<String> knownIds = ConcurrentHashMap.newKeySet();
    /** The {@code webRTCViewerLimit} of live broadcasts that have one, so a play is checked from memory. */
    private final Map<String, Integer> liveViewerLimits = new ConcurrentHashMap<>();
    private final ExecutorService writer;
    private volatile AppSettings settings;

    private ApplicationData(String name, DataStore store, VodFolder vodFolder, AppSettings settings) {
        this.name = name;
        this.store = store;
        this.vodFolder = vodFolder;
        this.settings = settings;
        this.writer = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("osprey-store-" + name).factory());
    }

    /**
     * Opens the application's H2 file under {@code dir} and reconciles it: nothing is live when the
     * server starts, so broadcasts left {@code broadcasting} by a crash are finished (implicit ones deleted).
     * Its VoD files are in {@link VodFolder#besideStore}.
     *
     * @throws StoreException when the database cannot be opened or its settings cannot be read
     */
    public static ApplicationData open(Path dir, String name) {
        return open(H2DataStore.open(dir, name), name, VodFolder.besideStore(dir, name));
    }

    public static ApplicationData open(DataStore store, String name, VodFolder vodFolder) {
        AppSettings settings;
        try {
            settings = store.settingsJson().map(json -> StoreJson.read(json, AppSettings.class)).orElseGet(AppSettings::new);
            ApplicationData data = new ApplicationData(name, store, vodFolder, settings);
            data.knownIds.addAll(store.broadcastIds());
            data.finishLeftovers();
            return data;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private void finishLeftovers() {
        BroadcastQuery live = new BroadcastQuery(0, BroadcastQuery.MAX_SIZE, null, Broadcast.STATUS_BROADCASTING, null, true, null);
        int finished = 0;
        for (var page = store.broadcasts(live); !page.isEmpty(); page = store.broadcasts(live)) {
            for (Broadcast b : page) {
                if (b.zombi) {
                    deleteBroadcast(b.streamId);
                } else {
                    store.updateBroadcast(b.streamId, BroadcastTransitions::finish);
                }
                finished++;
            }
        }
        if (finished > 0) {
            LOG.info("{}: {} broadcast(s) still marked live from the previous run are now finished", name, finished);
        }
    }

    public String name() {
        return name;
    }

    /** The store, for reads and updates that do not change the set of stream ids. Blocking. */
    public DataStore store() {
        return store;
    }

    public AppSettings settings() {
        return settings;
    }

    /** Persists new settings, then puts them in force. Blocking. */
    public void saveSettings(AppSettings newSettings) {
        store.saveSettingsJson(StoreJson.write(newSettings));
        settings = newSettings;
    }

    /** The settings as a deep copy, for a caller that edits them. */
    public AppSettings settingsCopy() {
        try {
            return StoreJson.MAPPER.readValue(StoreJson.write(settings), AppSettings.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("settings do not round-trip", e);
        }
    }

    /** True when a broadcast with this id exists. Answered from memory. */
    public boolean isKnown(String streamId) {
        return knownIds.contains(streamId);
    }

    /**
     * Notes the viewer limit of a live broadcast (a negative limit: none), as the lifecycle starts it
     * and as REST changes it. A play in the moment between a publish and the lifecycle's write sees
     * the application's limit only.
     */
    public void liveViewerLimit(String streamId, int limit) {
        if (limit >= 0) {
            liveViewerLimits.put(streamId, limit);
        } else {
            liveViewerLimits.remove(streamId);
        }
    }

    /** The live broadcast's own {@code webRTCViewerLimit}, -1 when it has none or is not live. Answered from memory. */
    public int liveViewerLimit(String streamId) {
        return liveViewerLimits.getOrDefault(streamId, -1);
    }

    /** Blocking. False when the id exists already (the database's primary key decides concurrent creates). */
    public boolean createBroadcast(Broadcast broadcast) {
        boolean created = store.createBroadcast(broadcast);
        if (created) {
            knownIds.add(broadcast.streamId);
        }
        return created;
    }

    public boolean deleteBroadcast(String streamId) {
        boolean deleted = store.deleteBroadcast(streamId);
        knownIds.remove(streamId);
        return deleted;
    }

    public int deleteBroadcasts(Collection<String> streamIds) {
        int deleted = store.deleteBroadcasts(streamIds);
        streamIds.forEach(knownIds::remove);
        return deleted;
    }

    /** The folder of this application's VoD files (recordings, uploads). */
    public VodFolder vodFolder() {
        return vodFolder;
    }

    /**
     * Registers a finished recording of a broadcast as a {@link VodEntry#STREAM_VOD} entry: the recorder
     * calls this once it closed {@code file}, which must be inside {@link #vodFolder()}. Blocking.
     *
     * @param startTime  when the recording started, ms since the epoch
     * @param durationMs its length
     * @return the stored entry, with a new id
     * @throws IllegalArgumentException when the file is outside the VoD folder
     * @throws UncheckedIOException when the file cannot be read
     */
    public VodEntry addRecording(String streamId, String streamName, Path file, long startTime, long durationMs) {
        return addVod(StreamIds.generate(), VodEntry.STREAM_VOD, file.getFileName().toString(), streamId, streamName,
                file, startTime, durationMs);
    }

    /**
     * Stores an entry for a file already in the VoD folder; its size is read from the disk. Blocking.
     *
     * @param vodId a new id ({@link StreamIds#generate()}), also usable in the file's name
     * @param type  {@link VodEntry#STREAM_VOD}, {@link VodEntry#UPLOADED_VOD} or {@link VodEntry#USER_VOD}
     */
    public VodEntry addVod(String vodId, String type, String vodName, String streamId, String streamName, Path file,
                           long startTime, long durationMs) {
        String relative = vodFolder.relativize(file)
                .orElseThrow(() -> new IllegalArgumentException(file + " is not inside " + vodFolder.root()));
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        VodEntry vod = new VodEntry(vodId, vodName, streamId, streamName,
                System.currentTimeMillis(), startTime, durationMs, size, relative, type, null);
        if (!store.createVod(vod)) {
            throw new StoreException("VoD id collision: " + vod.vodId(), null);
        }
        return vod;
    }

    /** Runs {@code task} on this application's writer thread, after every task submitted before it. */
    public void runOrdered(Runnable task) {
        writer.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("{}: store update failed", name, e);
            }
        });
    }

    /**
     * Waits until every write queued so far has run, or the timeout passed; the writer keeps taking
     * new ones. For a graceful stop, before the webhooks those writes report are drained.
     *
     * @return false when the timeout passed first
     */
    public boolean awaitQueuedWrites(long timeout, TimeUnit unit) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            writer.execute(() -> done.complete(null));
            done.get(timeout, unit);
            return true;
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits for the queued writes, then closes the database. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("{}: pending store writes did not finish in time", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }
}
