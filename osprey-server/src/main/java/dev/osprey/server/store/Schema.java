package dev.osprey.server.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Documents are {@code CHARACTER VARYING}, stored inline: H2 keeps every LOB in its own chunks,
 * which made a store of 10,000 small broadcasts half a gigabyte.
 *
 * The H2 schema as an ordered list of migrations. {@code schema_version} holds the versions applied;
 * opening a database applies the missing ones, so an older file is brought up to date and a newer one
 * is refused instead of being misread. H2 commits DDL at once, so a migration's version row is written
 * only after all its statements ran, and every statement is safe to run again after a crash.
 */
final class Schema {

    /** Index i holds the statements that take the schema from version i to i + 1. */
    static final List<List<String>> MIGRATIONS = List.of(
            List.of(
                    """
                    CREATE TABLE IF NOT EXISTS broadcast (
                      seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
                      stream_id VARCHAR(255) PRIMARY KEY,
                      name VARCHAR(1000),
                      name_lc VARCHAR(1000),
                      status VARCHAR(64) NOT NULL,
                      type VARCHAR(64) NOT NULL,
                      created BIGINT NOT NULL,
                      body CHARACTER VARYING NOT NULL)""",
                    "CREATE INDEX IF NOT EXISTS broadcast_name ON broadcast(name_lc, seq)",
                    "CREATE INDEX IF NOT EXISTS broadcast_created ON broadcast(created, seq)",
                    "CREATE INDEX IF NOT EXISTS broadcast_status ON broadcast(status, seq)",
                    """
                    CREATE TABLE IF NOT EXISTS vod (
                      vod_id VARCHAR(255) PRIMARY KEY,
                      stream_id VARCHAR(255),
                      created BIGINT NOT NULL,
                      body CHARACTER VARYING NOT NULL)""",
                    "CREATE INDEX IF NOT EXISTS vod_created ON vod(created)",
                    """
                    CREATE TABLE IF NOT EXISTS token (
                      token_id VARCHAR(255) PRIMARY KEY,
                      stream_id VARCHAR(255) NOT NULL,
                      seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
                      body CHARACTER VARYING NOT NULL)""",
                    "CREATE INDEX IF NOT EXISTS token_stream ON token(stream_id)",
                    """
                    CREATE TABLE IF NOT EXISTS connection_event (
                      seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                      stream_id VARCHAR(255) NOT NULL,
                      body CHARACTER VARYING NOT NULL)""",
                    "CREATE INDEX IF NOT EXISTS connection_event_stream ON connection_event(stream_id, seq)",
                    """
                    CREATE TABLE IF NOT EXISTS setting (
                      name VARCHAR(64) PRIMARY KEY,
                      body CHARACTER VARYING NOT NULL)"""),
            // To version 2: connection events get their time as a column, for pruning by age. Events stored
            // before have theirs only in the JSON: they count from the upgrade.
            List.of(
                    "ALTER TABLE connection_event ADD COLUMN IF NOT EXISTS created BIGINT DEFAULT 0 NOT NULL",
                    "UPDATE connection_event SET created = CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT) WHERE created = 0",
                    "CREATE INDEX IF NOT EXISTS connection_event_created ON connection_event(created)"),
            // To version 3: TOTP subscribers of a stream.
            List.of(
                    """
                    CREATE TABLE IF NOT EXISTS subscriber (
                      stream_id VARCHAR(255) NOT NULL,
                      subscriber_id VARCHAR(255) NOT NULL,
                      seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
                      body CHARACTER VARYING NOT NULL,
                      PRIMARY KEY (stream_id, subscriber_id))"""),
            // To version 4: VoDs are listed by name and by stream. name_lc of rows stored before is filled in
            // by H2DataStore when it opens the file (the name is only in the JSON).
            List.of(
                    "ALTER TABLE vod ADD COLUMN IF NOT EXISTS name_lc VARCHAR(1000)",
                    "CREATE INDEX IF NOT EXISTS vod_name ON vod(name_lc, vod_id)",
                    "CREATE INDEX IF NOT EXISTS vod_stream ON vod(stream_id, created)"));

    static final int CURRENT_VERSION = MIGRATIONS.size();

    private Schema() {
    }

    /** Brings the database to {@link #CURRENT_VERSION}; returns the version found before. */
    static int migrate(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY, applied_at BIGINT NOT NULL)");
        }
        int found;
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            found = rs.getInt(1);
        }
        if (found > CURRENT_VERSION) {
            throw new SQLException("database schema version " + found + " is newer than this server's " + CURRENT_VERSION);
        }
        for (int version = found; version < CURRENT_VERSION; version++) {
            try (Statement st = connection.createStatement()) {
                for (String sql : MIGRATIONS.get(version)) {
                    st.execute(sql);
                }
                st.execute("INSERT INTO schema_version VALUES (" + (version + 1) + ", " + System.currentTimeMillis() + ")");
            }
        }
        return found;
    }
}
