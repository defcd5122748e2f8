package dev.osprey.server.store;

import dev.osprey.server.store.JournalEntry.Op;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * {@link DataStore} in an embedded H2 database file, {@code {dir}/{App}.mv.db}. Queryable fields
 * (id, name, status, type, creation time) are columns; the full object is a JSON document next to
 * them, so adding a Broadcast field needs no migration.
 *
 * <p>Durability: H2 writes its file up to half a second after a commit, so a process killed in
 * between lost acknowledged writes. Writing every commit at once costs a new file chunk each (about
 * 40 KB for a broadcast create, and H2 only reclaims them in the background), so instead each write
 * is committed in H2 and then recorded in a {@link WriteJournal} ({@code {App}.journal.*}) before the
 * call returns, under one write lock so that the journal's order is the database's. Every
 * {@value #CHECKPOINT_INTERVAL_MS} ms (sooner past {@value #CHECKPOINT_JOURNAL_BYTES} bytes) the journal
 * moves on to a new segment, H2 is made to write everything (writers go on meanwhile) and the older
 * segments are deleted; opening the store replays what the journal still holds.
 * Connection events are not journaled: a crash may lose the last half second of them.
 *
 * <p>Connection events are kept for {@value #EVENT_RETENTION_MS} ms (7 days), at most
 * {@value #MAX_EVENTS_PER_STREAM} per stream and {@value #MAX_EVENTS} in all, the oldest going first:
 * every viewer joining or leaving adds one, and stream ids are chosen by clients.
 */
public final class H2DataStore implements DataStore {

    /** Page cache of one application's database. */
    static final int CACHE_KB = 8 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(H2DataStore.class);
    /** H2's SQLState for a primary key / unique violation. */
    private static final String DUPLICATE_KEY = "23505";
    private static final String APP_SETTINGS = "app";
    static final long CHECKPOINT_INTERVAL_MS = 10_000;
    static final long CHECKPOINT_JOURNAL_BYTES = 4L << 20;
    static final int MAX_EVENTS_PER_STREAM = 500;
    static final int MAX_EVENTS = 100_000;
    static final long EVENT_RETENTION_MS = 7L * 24 * 3600 * 1000;
    private static final long EVENT_PRUNE_INTERVAL_MS = 60_000;

    private final String url;
    private final JdbcConnectionPool pool;
    private final WriteJournal journal;
    /** Held from a write's H2 commit to its journal entry, and while the journal changes segments. */
    private final ReentrantLock writeLock = new ReentrantLock();
    /** The last segment sealed by a checkpoint whose H2 write did not finish (0: none); under the write lock. */
    private long sealedNotDeleted;
    private final ScheduledExecutorService housekeeping;
    private final AtomicBoolean checkpointQueued = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private H2DataStore(String url, JdbcConnectionPool pool, WriteJournal journal, String application) {
        this.url = url;
        this.pool = pool;
        this.journal = journal;
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("osprey-store-housekeeping-" + application).factory());
        housekeeping.scheduleWithFixedDelay(this::checkpoint, CHECKPOINT_INTERVAL_MS, CHECKPOINT_INTERVAL_MS,
                TimeUnit.MILLISECONDS);
        housekeeping.scheduleWithFixedDelay(this::pruneConnectionEvents, 0, EVENT_PRUNE_INTERVAL_MS,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Opens (creating it when missing) the database of one application, migrates its schema and
     * replays the writes its journal holds from a run that did not stop cleanly.
     *
     * @throws StoreException when the file cannot be opened (locked by another server, corrupt, too new)
     */
    public static H2DataStore open(Path dir, String application) {
        Path file = dir.toAbsolutePath().normalize().resolve(application);
        // DB_CLOSE_ON_EXIT=FALSE: the server closes the pool itself after the last write of a graceful stop.
        // CACHE_SIZE (KB): H2's default page cache may grow to 64 MB per database, a large share of the
        // server's default 512 MB heap; the broadcast and settings tables fit in a few MB.
        String url = "jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=" + CACHE_KB;
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        pool.setMaxConnections(8);
        WriteJournal journal = null;
        try (Connection c = pool.getConnection()) {
            Schema.migrate(c);
            fillVodNames(c);
            journal = WriteJournal.open(file.getParent(), application);
            List<JournalEntry> pending = journal.entries();
            if (!pending.isEmpty()) {
                replay(c, pending);
                H2FileWriter.writeCommitted(c);
                LOG.info("{}: {} write(s) recovered from {}", application, pending.size(), journal);
            }
            journal.clear();
        } catch (SQLException | IOException | RuntimeException e) {
            pool.dispose();
            closeQuietly(journal);
            throw new StoreException("cannot open database " + file + ".mv.db: " + e.getMessage(), e);
        }
        return new H2DataStore(url, pool, journal, application);
    }

    private static void closeQuietly(WriteJournal journal) {
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException e) {
                // the open failure is what gets reported
            }
        }
    }

    /** Copies the names of VoD rows stored before schema version 4 out of their JSON into name_lc. */
    private static void fillVodNames(Connection c) throws SQLException {
        List<VodEntry> unnamed = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT body FROM vod WHERE name_lc IS NULL");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                unnamed.add(StoreJson.read(rs.getString(1), VodEntry.class));
            }
        }
        for (VodEntry vod : unnamed) {
            execute(c, "UPDATE vod SET name_lc = ? WHERE vod_id = ?", vod.vodName() == null ? "" : lower(vod.vodName()), vod.vodId());
        }
    }

    /** Applies journal entries as states: a row is written as the entry has it, or removed. */
    private static void replay(Connection c, List<JournalEntry> entries) throws SQLException {
        c.setAutoCommit(false);
        try {
            for (JournalEntry e : entries) {
                switch (e.op()) {
                    case PUT_BROADCAST -> {
                        Broadcast b = StoreJson.read(e.body(), Broadcast.class);
                        execute(c, "MERGE INTO broadcast (stream_id, name, name_lc, status, type, created, body) KEY (stream_id) "
                                + "VALUES (?,?,?,?,?,?,?)", b.streamId, b.name, lower(b.name), b.status, b.type, b.date, e.body());
                    }
                    case DELETE_BROADCAST -> execute(c, "DELETE FROM broadcast WHERE stream_id = ?", e.key());
                    case PUT_VOD -> {
                        VodEntry vod = StoreJson.read(e.body(), VodEntry.class);
                        execute(c, "MERGE INTO vod (vod_id, stream_id, name_lc, created, body) KEY (vod_id) VALUES (?,?,?,?,?)",
                                vod.vodId(), vod.streamId(), lower(vod.vodName()), vod.creationDate(), e.body());
                    }
                    case DELETE_VOD -> execute(c, "DELETE FROM vod WHERE vod_id = ?", e.key());
                    case PUT_TOKEN -> {
                        StreamToken token = StoreJson.read(e.body(), StreamToken.class);
                        execute(c, "MERGE INTO token (token_id, stream_id, body) KEY (token_id) VALUES (?,?,?)",
                                token.tokenId(), token.streamId(), e.body());
                    }
                    case DELETE_TOKEN -> execute(c, "DELETE FROM token WHERE token_id = ?", e.key());
                    case DELETE_STREAM_TOKENS -> execute(c, "DELETE FROM token WHERE stream_id = ?", e.key());
                    case PUT_SETTINGS -> execute(c, "MERGE INTO setting (name, body) KEY (name) VALUES (?, ?)", e.key(), e.body());
                    case PUT_SUBSCRIBER -> {
                        Subscriber s = StoreJson.read(e.body(), Subscriber.class);
                        execute(c, MERGE_SUBSCRIBER, s.streamId, s.subscriberId, e.body());
                    }
                    case DELETE_SUBSCRIBER -> {
                        // Stream ids have no '/': the first one ends it.
                        int slash = e.key().indexOf('/');
                        execute(c, DELETE_SUBSCRIBER, e.key().substring(0, slash), e.key().substring(slash + 1));
                    }
                    case DELETE_STREAM_SUBSCRIBERS -> execute(c, "DELETE FROM subscriber WHERE stream_id = ?", e.key());
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static void execute(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            bind(st, args);
            st.executeUpdate();
        }
    }

    // ---- broadcasts

    @Override
    public boolean createBroadcast(Broadcast b) {
        String body = StoreJson.write(b);
        return journaled(() -> insert("INSERT INTO broadcast (stream_id, name, name_lc, status, type, created, body) VALUES (?,?,?,?,?,?,?)",
                b.streamId, b.name, lower(b.name), b.status, b.type, b.date, body), JournalEntry.put(Op.PUT_BROADCAST, b.streamId, body));
    }

    @Override
    public Optional<Broadcast> broadcast(String streamId) {
        return queryOne("SELECT body FROM broadcast WHERE stream_id = ?", Broadcast.class, streamId);
    }

    @Override
    public List<Broadcast> broadcasts(BroadcastQuery q) {
        StringBuilder sql = new StringBuilder("SELECT body FROM broadcast WHERE 1=1");
        List<Object> args = new ArrayList<>();
        if (q.type() != null) {
            sql.append(" AND type = ?");
            args.add(q.type());
        }
        if (q.status() != null) {
            sql.append(" AND status = ?");
            args.add(q.status());
        }
        appendSearch(sql, args, q.search());
        String direction = q.ascending() ? " ASC" : " DESC";
        String order = q.sortBy() == null ? "seq" : switch (q.sortBy()) {
            case NAME -> "name_lc" + direction + ", seq";
            case DATE -> "created" + direction + ", seq";
            case STATUS -> "status" + direction + ", seq";
        };
        sql.append(" ORDER BY ").append(order).append(" LIMIT ? OFFSET ?");
        args.add(q.size());
        args.add(q.offset());
        return queryList(sql.toString(), Broadcast.class, args.toArray());
    }

    @Override
    public long countBroadcasts(String search) {
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM broadcast WHERE 1=1");
        List<Object> args = new ArrayList<>();
        appendSearch(sql, args, search);
        return queryLong(sql.toString(), args.toArray());
    }

    @Override
    public long countBroadcastsWithStatus(String status) {
        return queryLong("SELECT COUNT(*) FROM broadcast WHERE status = ?", status);
    }

    @Override
    public Optional<Broadcast> updateBroadcast(String streamId, UnaryOperator<Broadcast> change) {
        writeLock.lock();
        try {
            return updateBroadcastLocked(streamId, change);
        } finally {
            writeLock.unlock();
        }
    }

    private Optional<Broadcast> updateBroadcastLocked(String streamId, UnaryOperator<Broadcast> change) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<Broadcast> current;
                try (PreparedStatement st = c.prepareStatement("SELECT body FROM broadcast WHERE stream_id = ? FOR UPDATE")) {
                    st.setString(1, streamId);
                    try (ResultSet rs = st.executeQuery()) {
                        current = rs.next() ? Optional.of(StoreJson.read(rs.getString(1), Broadcast.class)) : Optional.empty();
                    }
                }
                if (current.isEmpty()) {
                    c.rollback();
                    return current;
                }
                Broadcast b = change.apply(current.get());
                b.streamId = streamId;
                String body = StoreJson.write(b);
                try (PreparedStatement st = c.prepareStatement(
                        "UPDATE broadcast SET name = ?, name_lc = ?, status = ?, type = ?, created = ?, body = ? WHERE stream_id = ?")) {
                    bind(st, b.name, lower(b.name), b.status, b.type, b.date, body, streamId);
                    st.executeUpdate();
                }
                c.commit();
                record(JournalEntry.put(Op.PUT_BROADCAST, streamId, body));
                return Optional.of(b);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true); // pooled: the next user expects the default
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public boolean deleteBroadcast(String streamId) {
        return journaled(() -> update("DELETE FROM broadcast WHERE stream_id = ?", streamId) > 0,
                JournalEntry.delete(Op.DELETE_BROADCAST, streamId));
    }

    @Override
    public int deleteBroadcasts(Collection<String> streamIds) {
        writeLock.lock();
        try {
            return deleteBroadcastsLocked(streamIds);
        } finally {
            writeLock.unlock();
        }
    }

    private int deleteBroadcastsLocked(Collection<String> streamIds) {
        try (Connection c = pool.getConnection();
             PreparedStatement st = c.prepareStatement("DELETE FROM broadcast WHERE stream_id = ?")) {
            c.setAutoCommit(false);
            try {
                List<String> deleted = new ArrayList<>();
                for (String id : streamIds) {
                    st.setString(1, id);
                    if (st.executeUpdate() > 0) {
                        deleted.add(id);
                    }
                }
                c.commit();
                for (String id : deleted) {
                    record(JournalEntry.delete(Op.DELETE_BROADCAST, id));
                }
                return deleted.size();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public List<String> broadcastIds() {
        try (Connection c = pool.getConnection();
             PreparedStatement st = c.prepareStatement("SELECT stream_id FROM broadcast");
             ResultSet rs = st.executeQuery()) {
            List<String> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    // ---- VoD

    @Override
    public boolean createVod(VodEntry vod) {
        String body = StoreJson.write(vod);
        return journaled(() -> insert("INSERT INTO vod (vod_id, stream_id, name_lc, created, body) VALUES (?,?,?,?,?)",
                vod.vodId(), vod.streamId(), lower(vod.vodName()), vod.creationDate(), body),
                JournalEntry.put(Op.PUT_VOD, vod.vodId(), body));
    }

    @Override
    public Optional<VodEntry> vod(String vodId) {
        return queryOne("SELECT body FROM vod WHERE vod_id = ?", VodEntry.class, vodId);
    }

    @Override
    public List<VodEntry> vods(VodQuery q) {
        StringBuilder sql = new StringBuilder("SELECT body FROM vod WHERE 1=1");
        List<Object> args = new ArrayList<>();
        if (q.streamId() != null) {
            sql.append(" AND stream_id = ?");
            args.add(q.streamId());
        }
        if (q.search() != null && !q.search().isEmpty()) {
            String pattern = likePattern(q.search());
            sql.append(" AND (name_lc LIKE ? ESCAPE '\\' OR LOWER(vod_id) LIKE ? ESCAPE '\\')");
            args.add(pattern);
            args.add(pattern);
        }
        String direction = q.ascending() ? " ASC" : " DESC";
        String order = q.sortBy() == null ? "created DESC, vod_id" : switch (q.sortBy()) {
            case NAME -> "name_lc" + direction + ", vod_id";
            case DATE -> "created" + direction + ", vod_id";
        };
        sql.append(" ORDER BY ").append(order).append(" LIMIT ? OFFSET ?");
        args.add(q.size());
        args.add(q.offset());
        return queryList(sql.toString(), VodEntry.class, args.toArray());
    }

    @Override
    public long countVods() {
        return queryLong("SELECT COUNT(*) FROM vod");
    }

    @Override
    public boolean deleteVod(String vodId) {
        return journaled(() -> update("DELETE FROM vod WHERE vod_id = ?", vodId) > 0, JournalEntry.delete(Op.DELETE_VOD, vodId));
    }

    // ---- tokens

    @Override
    public boolean createToken(StreamToken token) {
        String body = StoreJson.write(token);
        return journaled(() -> insert("INSERT INTO token (token_id, stream_id, body) VALUES (?,?,?)",
                token.tokenId(), token.streamId(), body), JournalEntry.put(Op.PUT_TOKEN, token.tokenId(), body));
    }

    @Override
    public Optional<StreamToken> token(String tokenId) {
        return queryOne("SELECT body FROM token WHERE token_id = ?", StreamToken.class, tokenId);
    }

    @Override
    public List<StreamToken> tokens(String streamId, int offset, int size) {
        return queryList("SELECT body FROM token WHERE stream_id = ? ORDER BY seq LIMIT ? OFFSET ?", StreamToken.class,
                streamId, Math.min(size, BroadcastQuery.MAX_SIZE), offset);
    }

    @Override
    public boolean deleteToken(String tokenId) {
        return journaled(() -> update("DELETE FROM token WHERE token_id = ?", tokenId) > 0,
                JournalEntry.delete(Op.DELETE_TOKEN, tokenId));
    }

    @Override
    public int deleteTokens(String streamId) {
        writeLock.lock();
        try {
            int deleted = update("DELETE FROM token WHERE stream_id = ?", streamId);
            if (deleted > 0) {
                record(JournalEntry.delete(Op.DELETE_STREAM_TOKENS, streamId));
            }
            return deleted;
        } finally {
            writeLock.unlock();
        }
    }

    // ---- TOTP subscribers

    private static final String MERGE_SUBSCRIBER =
            "MERGE INTO subscriber (stream_id, subscriber_id, body) KEY (stream_id, subscriber_id) VALUES (?,?,?)";
    private static final String DELETE_SUBSCRIBER = "DELETE FROM subscriber WHERE stream_id = ? AND subscriber_id = ?";

    @Override
    public void saveSubscriber(Subscriber subscriber) {
        String body = StoreJson.write(subscriber);
        journaled(() -> update(MERGE_SUBSCRIBER, subscriber.streamId, subscriber.subscriberId, body) > 0,
                JournalEntry.put(Op.PUT_SUBSCRIBER, subscriber.streamId + "/" + subscriber.subscriberId, body));
    }

    @Override
    public Optional<Subscriber> subscriber(String streamId, String subscriberId) {
        return queryOne("SELECT body FROM subscriber WHERE stream_id = ? AND subscriber_id = ?", Subscriber.class,
                streamId, subscriberId);
    }

    @Override
    public List<Subscriber> subscribers(String streamId, int offset, int size) {
        return queryList("SELECT body FROM subscriber WHERE stream_id = ? ORDER BY seq LIMIT ? OFFSET ?", Subscriber.class,
                streamId, Math.min(size, BroadcastQuery.MAX_SIZE), offset);
    }

    @Override
    public boolean deleteSubscriber(String streamId, String subscriberId) {
        return journaled(() -> update(DELETE_SUBSCRIBER, streamId, subscriberId) > 0,
                JournalEntry.delete(Op.DELETE_SUBSCRIBER, streamId + "/" + subscriberId));
    }

    @Override
    public int deleteSubscribers(String streamId) {
        writeLock.lock();
        try {
            int deleted = update("DELETE FROM subscriber WHERE stream_id = ?", streamId);
            if (deleted > 0) {
                record(JournalEntry.delete(Op.DELETE_STREAM_SUBSCRIBERS, streamId));
            }
            return deleted;
        } finally {
            writeLock.unlock();
        }
    }

    // ---- connection events

    /** Not journaled; the stream's oldest events beyond {@value #MAX_EVENTS_PER_STREAM} go at once. */
    @Override
    public void addConnectionEvent(ConnectionEvent event) {
        try (Connection c = pool.getConnection()) {
            execute(c, "INSERT INTO connection_event (stream_id, created, body) VALUES (?,?,?)", event.streamId(),
                    event.timestamp(), StoreJson.write(event));
            Long newestDropped = newestSeqBeyond(c, "WHERE stream_id = ?", MAX_EVENTS_PER_STREAM, event.streamId());
            if (newestDropped != null) {
                execute(c, "DELETE FROM connection_event WHERE stream_id = ? AND seq <= ?", event.streamId(), newestDropped);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** The seq of the newest event past the first {@code keep} newest ones that match, null when there are not more. */
    private static Long newestSeqBeyond(Connection c, String where, int keep, Object... args) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT seq FROM connection_event " + where
                + " ORDER BY seq DESC LIMIT 1 OFFSET " + keep)) {
            bind(st, args);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /**
     * Removes connection events older than {@value #EVENT_RETENTION_MS} ms before {@code now} and the
     * oldest beyond {@code maxEvents} in all. Runs every minute with {@value #MAX_EVENTS}.
     */
    void pruneConnectionEvents(long now, int maxEvents) {
        try (Connection c = pool.getConnection()) {
            execute(c, "DELETE FROM connection_event WHERE created < ?", now - EVENT_RETENTION_MS);
            Long newestDropped = newestSeqBeyond(c, "", maxEvents);
            if (newestDropped != null) {
                execute(c, "DELETE FROM connection_event WHERE seq <= ?", newestDropped);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private void pruneConnectionEvents() {
        try {
            pruneConnectionEvents(System.currentTimeMillis(), MAX_EVENTS);
        } catch (RuntimeException e) {
            LOG.warn("pruning connection events failed: {}", e.toString());
        }
    }

    @Override
    public List<ConnectionEvent> connectionEvents(String streamId, int offset, int size) {
        return queryList("SELECT body FROM connection_event WHERE stream_id = ? ORDER BY seq LIMIT ? OFFSET ?",
                ConnectionEvent.class, streamId, Math.min(size, BroadcastQuery.MAX_SIZE), offset);
    }

    // ---- settings

    @Override
    public Optional<String> settingsJson() {
        try (Connection c = pool.getConnection();
             PreparedStatement st = c.prepareStatement("SELECT body FROM setting WHERE name = ?")) {
            st.setString(1, APP_SETTINGS);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public void saveSettingsJson(String json) {
        journaled(() -> update("MERGE INTO setting (name, body) KEY (name) VALUES (?, ?)", APP_SETTINGS, json) > 0,
                JournalEntry.put(Op.PUT_SETTINGS, APP_SETTINGS, json));
    }

    /** H2 shuts down (writing everything), then the journal is cleared. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // No interrupt: H2's file channel closes when a thread is interrupted while it writes.
        housekeeping.shutdown();
        try {
            if (!housekeeping.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("{}: a checkpoint did not finish in time", journal);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeLock.lock();
        try {
            boolean written = false;
            // Not a pooled connection: the pool rolls back on close, which fails (and is traced) once the database is gone.
            try (Connection c = DriverManager.getConnection(url, "sa", ""); var st = c.createStatement()) {
                st.execute("SHUTDOWN");
                written = true;
            } catch (SQLException e) {
                LOG.warn("shutting down the database failed; its journal {} is kept for the next start: {}", journal, e.toString());
            }
            try {
                if (written) {
                    journal.clear();
                }
                journal.close();
            } catch (IOException e) {
                LOG.warn("closing {} failed: {}", journal, e.toString());
            }
        } finally {
            pool.dispose();
            writeLock.unlock();
        }
    }

    // ---- durability

    /** Runs one H2 write and, when it changed something (true), journals {@code entry}; both under the write lock. */
    private boolean journaled(BooleanSupplier write, JournalEntry entry) {
        writeLock.lock();
        try {
            boolean changed = write.getAsBoolean();
            if (changed) {
                record(entry);
            }
            return changed;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Appends to the journal; the caller holds the write lock and has committed the change in H2. When
     * the append fails the change is in H2's memory and may still reach its file, but is not
     * acknowledged: the caller gets a StoreException.
     */
    private void record(JournalEntry entry) {
        try {
            journal.append(entry);
            if (journal.size() > CHECKPOINT_JOURNAL_BYTES && checkpointQueued.compareAndSet(false, true)) {
                housekeeping.execute(this::checkpoint);
            }
        } catch (IOException e) {
            throw new StoreException("cannot write the journal " + journal + ": " + e.getMessage(), e);
        }
    }

    /**
     * Seals the journal's segment, makes H2 write everything to its file (the sealed entries were
     * committed in H2 before), then deletes the sealed segments. Writers wait only for the seal.
     */
    void checkpoint() {
        checkpointQueued.set(false);
        long sealed;
        writeLock.lock();
        try {
            if (journal.size() > 0) {
                sealedNotDeleted = journal.seal();
            }
            sealed = sealedNotDeleted;
        } catch (IOException e) {
            LOG.warn("checkpoint of {} failed: {}", journal, e.toString());
            return;
        } finally {
            writeLock.unlock();
        }
        if (sealed == 0) {
            return;
        }
        try (Connection c = pool.getConnection()) {
            H2FileWriter.writeCommitted(c);
        } catch (SQLException | RuntimeException e) {
            // The sealed segments stay; the next checkpoint or start replays them.
            LOG.warn("checkpoint of {} failed: {}", journal, e.toString());
            return;
        }
        writeLock.lock();
        try {
            journal.deleteUpTo(sealed);
            if (sealedNotDeleted == sealed) {
                sealedNotDeleted = 0;
            }
        } catch (IOException e) {
            LOG.warn("deleting written segments of {} failed: {}", journal, e.toString());
        } finally {
            writeLock.unlock();
        }
    }

    /** Bytes in the journal's current segment, for tests. */
    long journalBytes() {
        try {
            return journal.size();
        } catch (IOException e) {
            throw new StoreException("cannot read the journal size", e);
        }
    }

    // ---- JDBC plumbing

    private static void appendSearch(StringBuilder sql, List<Object> args, String search) {
        if (search == null || search.isEmpty()) {
            return;
        }
        String pattern = likePattern(search);
        sql.append(" AND (name_lc LIKE ? ESCAPE '\\' OR LOWER(stream_id) LIKE ? ESCAPE '\\')");
        args.add(pattern);
        args.add(pattern);
    }

    /** A LIKE pattern matching {@code text} anywhere, case-insensitively (against a lower-cased column). */
    private static String likePattern(String text) {
        return "%" + lower(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static String lower(String text) {
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }

    private boolean insert(String sql, Object... args) {
        try (Connection c = pool.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            bind(st, args);
            st.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (DUPLICATE_KEY.equals(e.getSQLState())) {
                return false;
            }
            throw failure(e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = pool.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            bind(st, args);
            return st.executeUpdate();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private long queryLong(String sql, Object... args) {
        try (Connection c = pool.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            bind(st, args);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private <T> Optional<T> queryOne(String sql, Class<T> type, Object... args) {
        List<T> rows = queryList(sql, type, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    private <T> List<T> queryList(String sql, Class<T> type, Object... args) {
        try (Connection c = pool.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            bind(st, args);
            try (ResultSet rs = st.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(StoreJson.read(rs.getString(1), type));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private static void bind(PreparedStatement st, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            st.setObject(i + 1, args[i]);
        }
    }

    private static StoreException failure(SQLException e) {
        return new StoreException("database error: " + e.getMessage(), e);
    }
}
