package dev.osprey.server.recording;

import dev.osprey.record.Container;
import dev.osprey.record.Recorder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/**
 * Names a new recording's file as Ant Media does: {@code {streamId}.mp4}, or with
 * {@code addDateTimeToMp4FileName} {@code {streamId}-yyyy-MM-dd_HH-mm-ss.SSS.mp4}; when that name is
 * taken (a finished file, one being written, or one another recording holds) {@code _1}, {@code _2}, ...
 * is added before the extension.
 */
final class RecordingNames {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss.SSS");

    private RecordingNames() {
    }

    /**
     * @param taken names (file names, not paths) other recordings hold and may not have written yet
     */
    static Path next(Path folder, String streamId, Container container, boolean addDateTime, Instant now,
                     Set<String> taken) {
        String base = addDateTime ? streamId + "-" + DATE_TIME.format(now.atZone(ZoneId.systemDefault())) : streamId;
        String extension = "." + container.extension();
        String name = base + extension;
        for (int n = 1; inUse(folder, name, taken); n++) {
            name = base + "_" + n + extension;
        }
        return folder.resolve(name);
    }

    private static boolean inUse(Path folder, String name, Set<String> taken) {
        return taken.contains(name) || Files.exists(folder.resolve(name))
                || Files.exists(folder.resolve(name + Recorder.PARTIAL_SUFFIX));
    }
}
