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

/**
 * An append-only file of the changes the database may not have written yet, one JSON line per
 * {@link JournalEntry}. H2 writes its file lazily (up to half a second after a commit); an entry is
 * written here, with one {@code write} call, before the change is acknowledged, so it is in the
 * operating system once {@link #append} returns and survives the process being killed. After H2 has
 * written everything, the journal is {@linkplain #clear cleared}; on open, what it still holds is
 * replayed. Not synced to the disk: a power loss can lose the last seconds, as with H2 alone.
 *
 * <p>Not thread-safe: the store calls it under its write lock.
 */
final class WriteJournal implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;

    private WriteJournal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens (creating it when missing) the journal file; appends go after what it holds. */
    static WriteJournal open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        channel.position(channel.size());
        return new WriteJournal(file, channel);
    }

    Path file() {
        return file;
    }

    /**
     * The entries in the file, oldest first. A last line without its newline is a write the process
     * was killed in the middle of (never acknowledged) and is left out.
     *
     * @throws StoreException when a complete line is not an entry: the file was damaged
     */
    List<JournalEntry> entries() throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<JournalEntry> entries = new ArrayList<>();
        int lineNumber = 0;
        for (int start = 0, end; (end = text.indexOf('\n', start)) >= 0; start = end + 1) {
            lineNumber++;
            String line = text.substring(start, end);
            try {
                entries.add(StoreJson.MAPPER.readValue(line, JournalEntry.class));
            } catch (JsonProcessingException e) {
                throw new StoreException("write journal " + file + " is damaged at line " + lineNumber, e);
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

    /** Bytes written since the last {@link #clear}. */
    long size() throws IOException {
        return channel.position();
    }

    /** Forgets every entry: call only once the database has written all of them to its own file. */
    void clear() throws IOException {
        channel.truncate(0);
        channel.position(0);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
