package dev.osprey.server.store;

import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Makes H2 write every committed change to its database file now and waits until it has. SQL's
 * {@code CHECKPOINT} does not wait: when H2's background writer has just started writing a version,
 * it returns while that write is still queued on H2's own threads. So this reaches the embedded
 * database's MVStore (H2's internal API; the crash test covers it when H2 is upgraded), commits it,
 * then waits for H2's serialisation and file-write queues to run dry.
 */
final class H2FileWriter {

    private H2FileWriter() {
    }

    /**
     * Writes everything committed before the call to the file (into the operating system's cache).
     *
     * @param connection a connection to the embedded database
     */
    static void writeCommitted(Connection connection) throws SQLException {
        Session session = connection.unwrap(JdbcConnection.class).getSession();
        if (!(session instanceof SessionLocal local)) {
            throw new SQLException("not an embedded H2 database");
        }
        MVStore store = local.getDatabase().getStore().getMvStore();
        store.commit();
        FileStore<?> file = store.getFileStore();
        if (file != null) {
            // The queues are single threads fed in order: an empty task run on both means that every
            // write queued before it has reached the file.
            file.executeFileStoreOperation(() -> { });
        }
    }
}
