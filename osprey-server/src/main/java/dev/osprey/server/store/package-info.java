/**
 * Each application's persistent data: broadcasts, VoD entries, tokens, connection events and its
 * settings, in an embedded H2 file with a write journal beside it.
 *
 * <p>Threading: every {@link dev.osprey.server.store.DataStore} call blocks (JDBC, file writes) and
 * is thread-safe; call it from worker threads (REST handlers) or an application's writer thread
 * ({@link dev.osprey.server.store.ApplicationData#runOrdered}), never from an event loop. A write
 * returns once it would survive the process being killed. {@code H2DataStore} serialises its writes
 * under one lock and runs checkpoints and pruning on a housekeeping thread of its own.
 */
package dev.osprey.server.store;
