package dev.osprey.server.recording;

import dev.osprey.record.Container;
import dev.osprey.record.PartialRecording;
import dev.osprey.record.Recorder;
import dev.osprey.record.RecordingException;
import dev.osprey.server.store.ApplicationData;
import dev.osprey.server.store.Broadcast;
import dev.osprey.server.store.VodEntry;
import dev.osprey.server.webhook.WebhookNotifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finishes the recordings a killed server left in the VoD folder ({@code name.mp4.tmp_extension}):
 * each is copied into a complete {@code name.mp4} ({@code name_1.mp4} when taken) and listed as a
 * VoD of the stream its header names, with a {@code vodReady} webhook; the partial file is deleted
 * then. One that holds nothing readable is left as it is, with a warning. Blocking; run at the start,
 * before any recording begins.
 */
final class RecordingRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingRecovery.class);

    private final ApplicationData data;
    private final WebhookNotifier webhooks;

    RecordingRecovery(ApplicationData data, WebhookNotifier webhooks) {
        this.data = data;
        this.webhooks = webhooks;
    }

    void recoverAll() {
        Path folder = data.vodFolder().root();
        if (!Files.isDirectory(folder)) {
            return;
        }
        List<Path> partials = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + Recorder.PARTIAL_SUFFIX)) {
            files.forEach(partials::add);
        } catch (IOException e) {
            LOG.warn("{}: cannot look for unfinished recordings in {}: {}", data.name(), folder, e.toString());
            return;
        }
        partials.forEach(this::recover);
    }

    private void recover(Path partial) {
        String partialName = partial.getFileName().toString();
        String name = partialName.substring(0, partialName.length() - Recorder.PARTIAL_SUFFIX.length());
        Container container = containerOf(name);
        if (container == null || !Files.isRegularFile(partial, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String base = name.substring(0, name.length() - container.extension().length() - 1);
        Path target = partial.resolveSibling(name);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            target = RecordingNames.next(partial.getParent(), base, container, false, null, Set.of());
        }
        PartialRecording.Recovered recovered;
        try {
            recovered = PartialRecording.finish(partial, container, target);
        } catch (RecordingException e) {
            LOG.warn("{}: the unfinished recording {} cannot be recovered ({}); left as it is", data.name(),
                    partial, e.getMessage());
            deleteQuietly(target);
            return;
        }
        String streamId = recovered.tags().getOrDefault("streamId", base);
        Broadcast owner = data.store().broadcast(streamId).map(Recordings::webhookCopy).orElseGet(Broadcast::new);
        owner.streamId = streamId;
        owner.name = recovered.tags().getOrDefault("streamName", streamId);
        try {
            long startTime = Files.getLastModifiedTime(partial).toMillis() - recovered.durationMillis();
            VodEntry vod = data.addRecording(owner.streamId, owner.name, target, startTime, recovered.durationMillis());
            Files.delete(partial);
            String targetName = target.getFileName().toString();
            webhooks.vodReady(owner, targetName.substring(0, targetName.lastIndexOf('.')), vod.vodId(),
                    System.currentTimeMillis());
            LOG.info("{}: recovered the unfinished recording {} as {} ({} ms), VoD {}", data.name(), partialName,
                    targetName, recovered.durationMillis(), vod.vodId());
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: the recovered recording {} could not be listed: {}", data.name(), target, e.toString());
        }
    }

    private static Container containerOf(String name) {
        for (Container c : Container.values()) {
            if (name.endsWith("." + c.extension())) {
                return c;
            }
        }
        return null;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", file, e.toString());
        }
    }
}
