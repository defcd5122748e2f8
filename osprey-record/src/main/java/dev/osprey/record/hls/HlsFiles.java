package dev.osprey.record.hls;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Mirrors a stream's HLS output into a folder as Ant Media writes it: each completed segment, the init
 * segments and a regular (part-less) playlist; segments that left a sliding window are deleted (as
 * {@code hlsflags=delete_segments} asks), and at
 * the end everything is deleted when {@code deleteHLSFilesOnEnded} asks, else the playlist gets its end
 * tag. Runs on the segmenter's thread; a disk error is logged and costs only the files, never the live
 * output served from memory.
 */
public final class HlsFiles implements HlsSegmenter.SegmentListener {
    private static final Logger LOG = LoggerFactory.getLogger(HlsFiles.class);

    private final Path folder;
    private final String streamId;
    private final boolean deleteOldSegments;
    private final boolean deleteOnEnd;
    private final PlaylistWriter playlist;
    private final SegmentFormat.SegmentType type;
    private final Set<String> written = new LinkedHashSet<>();

    /**
     * @param deleteOldSegments {@code hlsflags} has {@code delete_segments}: files of segments that left
     *                          the playlist are deleted
     * @param deleteOnEnd       {@code deleteHLSFilesOnEnded}
     */
    public HlsFiles(Path folder, String streamId, HlsSettings settings, boolean deleteOldSegments, boolean deleteOnEnd) {
        this.folder = folder;
        this.streamId = streamId;
        this.deleteOldSegments = deleteOldSegments;
        this.deleteOnEnd = deleteOnEnd;
        this.type = settings.segmentType();
        this.playlist = new PlaylistWriter(streamId, new HlsSettings(settings.segmentSeconds(), settings.listSize(),
                settings.playlistType(), settings.segmentType(), 0, settings.programDateTime()));
    }

    @Override
    public void segmentCompleted(HlsStream.State state, HlsStream.Segment segment) {
        try {
            for (HlsStream.InitSegment init : state.inits()) {
                if (init.name().equals(segment.map()) && !written.contains(init.name())) {
                    write(init.name(), init.data());
                }
            }
            write(HlsNames.segment(streamId, segment.msn(), type), segment.data());
            writePlaylist(state);
            if (deleteOldSegments) {
                removeUnlisted(state);
            }
        } catch (IOException e) {
            LOG.warn("HLS files of {}: {}", streamId, e.toString());
        }
    }

    @Override
    public void ended(HlsStream.State state) {
        try {
            if (deleteOnEnd) {
                for (String name : written) {
                    Files.deleteIfExists(folder.resolve(name));
                }
                written.clear();
            } else if (!state.segments().isEmpty()) {
                writePlaylist(state);
            }
        } catch (IOException e) {
            LOG.warn("HLS files of {} at the end: {}", streamId, e.toString());
        }
    }

    private void writePlaylist(HlsStream.State state) throws IOException {
        write(HlsNames.playlist(streamId), playlist.live(state, false).getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a file whole or not at all: readers never see half of it. */
    private void write(String name, byte[] data) throws IOException {
        Files.createDirectories(folder);
        Path target = folder.resolve(name);
        Path temp = folder.resolve(name + ".tmp");
        Files.write(temp, data);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        written.add(name);
    }

    private void removeUnlisted(HlsStream.State state) throws IOException {
        Set<String> listed = new HashSet<>();
        listed.add(HlsNames.playlist(streamId));
        for (HlsStream.Segment s : state.segments()) {
            listed.add(HlsNames.segment(streamId, s.msn(), type));
            if (s.map() != null) {
                listed.add(s.map());
            }
        }
        var it = written.iterator();
        while (it.hasNext()) {
            String name = it.next();
            if (!listed.contains(name)) {
                Files.deleteIfExists(folder.resolve(name));
                it.remove();
            }
        }
    }
}
