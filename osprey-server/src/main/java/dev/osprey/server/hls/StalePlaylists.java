package dev.osprey.server.hls;

import dev.osprey.record.hls.HlsNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * At the start, no playlist may say a stream is live when it is not: a live playlist (no end tag) that
 * a stopped server left in the streams folder is deleted with its segments when
 * {@code deleteHLSFilesOnEnded}, else given its end tag so it plays as a recording. Only files the HLS
 * output names for that stream are touched. Blocking; runs on the application's HLS thread.
 */
final class StalePlaylists {
    private static final Logger LOG = LoggerFactory.getLogger(StalePlaylists.class);
    private static final Pattern MAP = Pattern.compile("#EXT-X-MAP:URI=\"([^\"]+)\"");
    private static final long MAX_PLAYLIST_BYTES = 4 << 20;

    private final Path folder;
    private final boolean delete;

    StalePlaylists(Path folder, boolean delete) {
        this.folder = folder;
        this.delete = delete;
    }

    void clean() {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> playlists = Files.newDirectoryStream(folder, "*.m3u8")) {
            for (Path playlist : playlists) {
                try {
                    cleanOne(playlist);
                } catch (IOException e) {
                    LOG.warn("Stale HLS playlist {}: {}", playlist, e.toString());
                }
            }
        } catch (IOException e) {
            LOG.warn("Stale HLS playlists in {}: {}", folder, e.toString());
        }
    }

    private void cleanOne(Path playlist) throws IOException {
        String streamId = HlsNames.playlistStream(playlist.getFileName().toString());
        if (streamId == null || !Files.isRegularFile(playlist) || Files.size(playlist) > MAX_PLAYLIST_BYTES) {
            return;
        }
        String text = Files.readString(playlist, StandardCharsets.UTF_8);
        if (!text.startsWith("#EXTM3U") || text.contains("#EXT-X-ENDLIST")) {
            return;
        }
        if (!delete) {
            Files.writeString(playlist, text.endsWith("\n") ? "#EXT-X-ENDLIST\n" : "\n#EXT-X-ENDLIST\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            LOG.info("HLS playlist {} left live by a stopped server: ended", playlist.getFileName());
            return;
        }
        for (String name : ownFiles(text, streamId)) {
            Files.deleteIfExists(folder.resolve(name));
        }
        Files.deleteIfExists(playlist);
        LOG.info("HLS playlist {} left live by a stopped server: deleted with its segments", playlist.getFileName());
    }

    /** The segments and init segments the playlist lists that are this stream's own HLS files. */
    private static List<String> ownFiles(String text, String streamId) {
        List<String> names = new ArrayList<>();
        for (String line : text.split("\n")) {
            String name = line.strip();
            Matcher map = MAP.matcher(name);
            if (map.find()) {
                name = map.group(1);
            } else if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            HlsNames.MediaName media = HlsNames.media(name);
            boolean own = media != null ? media.streamId().equals(streamId) : streamId.equals(HlsNames.initStream(name));
            if (own && name.indexOf('/') < 0 && name.indexOf('\\') < 0) {
                names.add(name);
            }
        }
        return names;
    }
}
