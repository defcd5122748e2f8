package dev.osprey.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Append-only files of the changes the database may not have written yet, one JSON line per
 * {@link JournalEntry}. H2 writes its file lazily (up to half a second after a commit); an entry is
 * written here, with one {@code write} call, before the change is acknowledged, so it is in the
 * operating system once {@link #append} returns and survives the process being killed. Not synced to
 * the disk: a power loss can lose the last seconds, as with H2 alone.
 *
 * <p>The journal is a sequence of segment files {@code {name}.journal.{n}}; appends go to the last.
 * A checkpoint {@linkplain #seal seals} it (later appends go to a new one), has H2 write everything,
 * then {@linkplain #deleteUpTo deletes} the sealed segments, so writers never wait for H2's file
 * write. On open, every segment's entries are replayed.
 *
 * <p>Not thread-safe: the store calls it under its write lock.
 */
final class WriteJournal implements AutoCloseable {

    private final Path dir;
    private final String name;
    private final Pattern segmentName;
    private long segment;
    private FileChannel channel;

    private WriteJournal(Path dir, String name) {
        this.dir = dir;
        this.name = name;
        this.segmentName = Pattern.compile(Pattern.quote(name) + "\\.journal\\.(\\d+)");
    }

    /** Opens the journal {@code {dir}/{name}.journal.*}; appends go to a new segment after those present. */
    static WriteJournal open(Path dir, String name) throws IOException {
        WriteJournal journal = new WriteJournal(dir, name);
        TreeMap<Long, Path> present = journal.segments();
        journal.segment = present.isEmpty() ? 0 : present.lastKey();
        journal.startSegment();
        return journal;
    }

    private Path currentFile() {
        return dir.resolve(name + ".journal." + segment);
    }

    /** The segments' path pattern, for messages. */
    @Override
    public String toString() {
        return dir.resolve(name + ".journal.*").toString();
    }

    /**
     * The entries of every segment, oldest first. A last line without its newline is a write the
     * process was killed in the middle of (never acknowledged) and is left out.
     *
     * @throws StoreException when a complete line is not an entry: the file was damaged
     */
    List<JournalEntry> entries() throws IOException {
        List<JournalEntry> entries = new ArrayList<>();
        for (Path file : segments().values()) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int lineNumber = 0;
            for (int start = 0, end; (end = text.indexOf('\n', start)) >= 0; start = end + 1) {
                lineNumber++;
                try {
                    entries.add(StoreJson.MAPPER.readValue(text.substring(start, end), JournalEntry.class));
                } catch (JsonProcessingException e) {
                    throw new StoreException("write journal " + file + " is damaged at line " + lineNumber, e);
                }
            }
        }
        return entries;
    }

    /** Writes one entry; once this returns it is in the operating system's cache of the file. */
    void append(JournalEntry entry) throws IOException {
        ByteBuffer line = ByteBuffer.wrap((StoreJson.write(entry) + "\n").getBytes(StandardCharsets.UTF_8));
        while (line.hasRemaining()) {
            channel.write(line);
        }
    }

    /** Bytes appended to the current segment. */
    long size() throws IOException {
        return channel.position();
    }

    /**
     * Ends the current segment and starts a new one.
     *
     * @return the number of the sealed segment: pass it to {@link #deleteUpTo} once the database
     *         has written every change made before this call
     */
    long seal() throws IOException {
        long sealed = segment;
        channel.close();
        startSegment();
        return sealed;
    }

    /** Deletes the segments up to {@code sealed}: the database has written all their changes. */
    void deleteUpTo(long sealed) throws IOException {
        for (var segmentFile : segments().headMap(sealed, true).values()) {
            Files.deleteIfExists(segmentFile);
        }
    }

    /** Deletes every entry: for when the database has written everything. */
    void clear() throws IOException {
        deleteUpTo(seal());
    }

    private void startSegment() throws IOException {
        segment++;
        channel = FileChannel.open(currentFile(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    private TreeMap<Long, Path> segments() throws IOException {
        TreeMap<Long, Path> segments = new TreeMap<>();
        try (var files = Files.list(dir)) {
            files.forEach(file -> {
                Matcher m = segmentName.matcher(file.getFileName().toString());
                if (m.matches()) {
                    segments.put(Long.parseLong(m.group(1)), file);
                }
            });
        }
        return segments;
    }

    /** Closes the current segment, and deletes it when it is empty. */
    @Override
    public void close() throws IOException {
        boolean empty = channel.position() == 0;
        channel.close();
        if (empty) {
            Files.deleteIfExists(currentFile());
        }
    }
}
