package dev.osprey.server.store;

import org.h2.jdbcx.JdbcConnectionPool;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@link DataStore} in an embedded H2 database file, {@code {dir}/{App}.mv.db}. Queryable fields
 * (id, name, status, type, creation time) are columns; the full object is a JSON document next to
 * them, so adding a Broadcast field needs no migration.
 */
public final class H2DataStore implements DataStore {

    /** H2's SQLState for a primary key / unique violation. */
    private static final String DUPLICATE_KEY = "23505";
    private static final String APP_SETTINGS = "app";

    private final JdbcConnectionPool pool;

    private H2DataStore(JdbcConnectionPool pool) {
        this.pool = pool;
    }

    /**
     * Opens (creating it when missing) the database of one application and migrates its schema.
     *
     * @throws StoreException when the file cannot be opened (locked by another server, corrupt, too new)
     */
    public static H2DataStore open(Path dir, String application) {
        Path file = dir.toAbsolutePath().normalize().resolve(application);
        // DB_CLOSE_ON_EXIT=FALSE: the server closes the pool itself after the last write of a graceful stop.
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
        pool.setMaxConnections(8);
        try (Connection c = pool.getConnection()) {
            Schema.migrate(c);
        } catch (SQLException e) {
            pool.dispose();
            throw new StoreException("cannot open database " + file + ".mv.db: " + e.getMessage(), e);
        }
        return new H2DataStore(pool);
    }

    // ---- broadcasts

    @Override
    public boolean createBroadcast(Broadcast b) {
        return insert("INSERT INTO broadcast (stream_id, name, name_lc, status, type, created, body) VALUES (?,?,?,?,?,?,?)",
                b.streamId, b.name, lower(b.name), b.status, b.type, b.date, StoreJson.write(b));
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
                try (PreparedStatement st = c.prepareStatement(
                        "UPDATE broadcast SET name = ?, name_lc = ?, status = ?, type = ?, created = ?, body = ? WHERE stream_id = ?")) {
                    bind(st, b.name, lower(b.name), b.status, b.type, b.date, StoreJson.write(b), streamId);
                    st.executeUpdate();
                }
                c.commit();
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
        return update("DELETE FROM broadcast WHERE stream_id = ?", streamId) > 0;
    }

    @Override
    public int deleteBroadcasts(Collection<String> streamIds) {
        try (Connection c = pool.getConnection();
             PreparedStatement st = c.prepareStatement("DELETE FROM broadcast WHERE stream_id = ?")) {
            c.setAutoCommit(false);
            try {
                int deleted = 0;
                for (String id : streamIds) {
                    st.setString(1, id);
                    deleted += st.executeUpdate();
                }
                c.commit();
                return deleted;
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
        return insert("INSERT INTO vod (vod_id, stream_id, created, body) VALUES (?,?,?,?)",
                vod.vodId(), vod.streamId(), vod.creationDate(), StoreJson.write(vod));
    }

    @Override
    public Optional<VodEntry> vod(String vodId) {
        return queryOne("SELECT body FROM vod WHERE vod_id = ?", VodEntry.class, vodId);
    }

    @Override
    public List<VodEntry> vods(int offset, int size) {
        return queryList("SELECT body FROM vod ORDER BY created DESC, vod_id LIMIT ? OFFSET ?", VodEntry.class,
                Math.min(size, BroadcastQuery.MAX_SIZE), offset);
    }

    @Override
    public long countVods() {
        return queryLong("SELECT COUNT(*) FROM vod");
    }

    @Override
    public boolean deleteVod(String vodId) {
        return update("DELETE FROM vod WHERE vod_id = ?", vodId) > 0;
    }

    // ---- tokens

    @Override
    public boolean createToken(StreamToken token) {
        return insert("INSERT INTO token (token_id, stream_id, body) VALUES (?,?,?)",
                token.tokenId(), token.streamId(), StoreJson.write(token));
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
        return update("DELETE FROM token WHERE token_id = ?", tokenId) > 0;
    }

    @Override
    public int deleteTokens(String streamId) {
        return update("DELETE FROM token WHERE stream_id = ?", streamId);
    }

    // ---- TOTP subscribers

    @Override
    public void saveSubscriber(Subscriber subscriber) {
        update("MERGE INTO subscriber (stream_id, subscriber_id, body) KEY (stream_id, subscriber_id) VALUES (?,?,?)",
                subscriber.streamId, subscriber.subscriberId, StoreJson.write(subscriber));
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
        return update("DELETE FROM subscriber WHERE stream_id = ? AND subscriber_id = ?", streamId, subscriberId) > 0;
    }

    @Override
    public int deleteSubscribers(String streamId) {
        return update("DELETE FROM subscriber WHERE stream_id = ?", streamId);
    }

    // ---- connection events

    @Override
    public void addConnectionEvent(ConnectionEvent event) {
        update("INSERT INTO connection_event (stream_id, body) VALUES (?,?)", event.streamId(), StoreJson.write(event));
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
        update("MERGE INTO setting (name, body) KEY (name) VALUES (?, ?)", APP_SETTINGS, json);
    }

    @Override
    public void close() {
        try (Connection c = pool.getConnection(); var st = c.createStatement()) {
            st.execute("SHUTDOWN");
        } catch (SQLException e) {
            // Already closed or broken: nothing left to flush.
        } finally {
            pool.dispose();
        }
    }

    // ---- JDBC plumbing

    private static void appendSearch(StringBuilder sql, List<Object> args, String search) {
        if (search == null || search.isEmpty()) {
            return;
        }
        String pattern = "%" + lower(search).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        sql.append(" AND (name_lc LIKE ? ESCAPE '\\' OR LOWER(stream_id) LIKE ? ESCAPE '\\')");
        args.add(pattern);
        args.add(pattern);
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
