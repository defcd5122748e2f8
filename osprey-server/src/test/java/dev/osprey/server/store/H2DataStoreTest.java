package dev.osprey.server.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class H2DataStoreTest {

    @TempDir
    Path dir;

    private static Broadcast broadcast(String id, String name) {
        Broadcast b = new Broadcast();
        b.streamId = id;
        b.name = name;
        b.date = System.currentTimeMillis();
        return b;
    }

    @Test
    void schemaVersionIsRecordedAndReopeningDoesNotMigrateAgain() throws Exception {
        H2DataStore.open(dir, "App").close();
        H2DataStore.open(dir, "App").close();
        try (var c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("App") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
             var rs = c.createStatement().executeQuery("SELECT version FROM schema_version ORDER BY version")) {
            // One row per migration, each applied once.
            for (int version = 1; version <= Schema.CURRENT_VERSION; version++) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(version);
            }
            assertThat(rs.next()).isFalse();
            c.createStatement().execute("INSERT INTO schema_version VALUES (" + (Schema.CURRENT_VERSION + 1) + ", 0)");
            c.createStatement().execute("SHUTDOWN");
        }
        assertThatThrownBy(() -> H2DataStore.open(dir, "App")).isInstanceOf(StoreException.class)
                .hasMessageContaining("newer than this server's");
    }

    @Test
    void broadcastsCrudAndAtomicUpdate() {
        try (H2DataStore store = H2DataStore.open(dir, "App")) {
            assertThat(store.createBroadcast(broadcast("a", "A"))).isTrue();
            assertThat(store.createBroadcast(broadcast("a", "other"))).isFalse();
            assertThat(store.broadcast("a").orElseThrow().name).isEqualTo("A");
            assertThatThrownBy(() -> store.updateBroadcast("a", b -> {
                b.name = "half";
                throw new IllegalStateException("boom");
            })).isInstanceOf(IllegalStateException.class);
            assertThat(store.broadcast("a").orElseThrow().name).isEqualTo("A");
            assertThat(store.updateBroadcast("a", b -> { b.name = "B"; b.streamId = "x"; return b; }).orElseThrow().streamId).isEqualTo("a");
            assertThat(store.broadcasts(BroadcastQuery.page(0, 10))).extracting(b -> b.name).containsExactly("B");
            assertThat(store.updateBroadcast("missing", b -> b)).isEmpty();
            assertThat(store.deleteBroadcasts(List.of("a", "zz"))).isEqualTo(1);
            assertThat(store.broadcastIds()).isEmpty();
        }
    }

    @Test
    void vodsTokensEventsAndSettings() {
        try (H2DataStore store = H2DataStore.open(dir, "App")) {
            VodEntry older = new VodEntry("v1", "one.mp4", "s", "S", 1000, 900, 60_000, 1234, "streams/one.mp4", "streamVod", null);
            VodEntry newer = new VodEntry("v2", "two.mp4", "s", "S", 2000, 1900, 30_000, 999, "streams/two.mp4", "uploadedVod", null);
            assertThat(store.createVod(older)).isTrue();
            assertThat(store.createVod(newer)).isTrue();
            assertThat(store.createVod(newer)).isFalse();
            assertThat(store.vods(VodQuery.page(0, 10))).containsExactly(newer, older);
            assertThat(store.countVods()).isEqualTo(2);
            assertThat(store.vod("v1")).contains(older);
            assertThat(store.deleteVod("v1")).isTrue();

            StreamToken t1 = new StreamToken("t1", "s", 99, "play", null);
            StreamToken t2 = new StreamToken("t2", "s", 99, "publish", "room");
            store.createToken(t1);
            store.createToken(t2);
            assertThat(store.tokens("s", 0, 10)).containsExactly(t1, t2);
            assertThat(store.deleteToken("t1")).isTrue();
            assertThat(store.deleteToken("t1")).isFalse();
            assertThat(store.deleteTokens("s")).isEqualTo(1);
            assertThat(store.token("t2")).isEmpty();

            ConnectionEvent e = new ConnectionEvent(5, ConnectionEvent.CONNECTED, null, "play", "WebRTC", "s", null);
            store.addConnectionEvent(e);
            assertThat(store.connectionEvents("s", 0, 10)).containsExactly(e);

            assertThat(store.settingsJson()).isEmpty();
            store.saveSettingsJson("{\"a\":1}");
            store.saveSettingsJson("{\"a\":2}");
            assertThat(store.settingsJson()).contains("{\"a\":2}");
        }
    }

    private static Subscriber subscriber(String streamId, String subscriberId) {
        Subscriber s = new Subscriber();
        s.streamId = streamId;
        s.subscriberId = subscriberId;
        s.b32Secret = "MZXW6YTBOI";
        return s;
    }

    /** Copies a file as the operating system holds it now: what a process killed at this moment leaves. */
    private static void copyAsKilled(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }

    private static List<Path> journalFiles(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("App.journal")).toList();
        }
    }

    @Test
    void writesAcknowledgedAfterTheDatabaseFileWasLastWrittenAreRecoveredFromTheJournal() throws Exception {
        Path live = dir.resolve("live");
        Path killed = dir.resolve("killed");
        try (H2DataStore store = H2DataStore.open(live, "App")) {
            store.createBroadcast(broadcast("old", "Old"));
            store.createBroadcast(broadcast("gone", "Gone"));
            store.createToken(new StreamToken("used", "old", 99, "play", null));
            store.saveSubscriber(subscriber("old", "left"));
            store.saveSubscriber(subscriber("old", "blocked"));
            store.checkpoint();
            assertThat(store.journalBytes()).isZero();
            // The database file as it is before the writes below: H2 may write them up to 500 ms later.
            copyAsKilled(live.resolve("App.mv.db"), killed.resolve("App.mv.db"));

            store.createBroadcast(broadcast("new", "New"));
            store.updateBroadcast("old", b -> { b.name = "Renamed"; return b; });
            store.deleteBroadcast("gone");
            store.deleteToken("used");
            store.createToken(new StreamToken("fresh", "new", 99, "publish", null));
            store.saveSettingsJson("{\"listenerHookURL\":\"https://hooks.example.com/x\"}");
            store.createVod(new VodEntry("v1", "one.mp4", "new", "New", 1000, 900, 60_000, 1234, "one.mp4", "streamVod", null));
            store.deleteSubscriber("old", "left");
            Subscriber blocked = subscriber("old", "blocked");
            blocked.blockedType = Subscriber.PLAY;
            store.saveSubscriber(blocked);
            store.saveSubscriber(subscriber("new", "a/b"));
            for (Path segment : journalFiles(live)) {
                copyAsKilled(segment, killed.resolve(segment.getFileName()));
            }
        }
        try (H2DataStore store = H2DataStore.open(killed, "App")) {
            assertThat(store.broadcasts(BroadcastQuery.page(0, 10))).extracting(b -> b.streamId + "=" + b.name)
                    .containsExactly("old=Renamed", "new=New");
            assertThat(store.token("used")).isEmpty();
            assertThat(store.token("fresh")).isPresent();
            assertThat(store.settingsJson()).contains("{\"listenerHookURL\":\"https://hooks.example.com/x\"}");
            assertThat(store.vod("v1")).isPresent();
            assertThat(store.subscriber("old", "left")).isEmpty();
            assertThat(store.subscriber("old", "blocked")).get().extracting(x -> x.blockedType).isEqualTo(Subscriber.PLAY);
            assertThat(store.subscribers("new", 0, 10)).extracting(x -> x.subscriberId).containsExactly("a/b");
            assertThat(store.journalBytes()).isZero();
        }
        // Recovered writes are in the database file itself now; the journal was cleared.
        assertThat(journalFiles(killed)).isEmpty();
        try (H2DataStore store = H2DataStore.open(killed, "App")) {
            assertThat(store.broadcastIds()).containsExactlyInAnyOrder("old", "new");
        }
    }

    @Test
    void aCheckpointPutsEveryWriteIntoTheDatabaseFileAndEmptiesTheJournal() throws Exception {
        Path live = dir.resolve("live");
        try (H2DataStore store = H2DataStore.open(live, "App")) {
            for (int i = 0; i < 20; i++) {
                store.createBroadcast(broadcast("b" + i, "B" + i));
            }
            assertThat(store.journalBytes()).isPositive();
            store.checkpoint();
            // Only the new, empty segment is left: the sealed one went once H2 had written its file.
            assertThat(journalFiles(live)).singleElement().satisfies(f -> assertThat(Files.size(f)).isZero());
            copyAsKilled(live.resolve("App.mv.db"), dir.resolve("killed/App.mv.db"));
        }
        try (H2DataStore store = H2DataStore.open(dir.resolve("killed"), "App")) {
            assertThat(store.countBroadcasts(null)).isEqualTo(20);
        }
    }

    @Test
    void aCleanCloseLeavesNoJournal() throws Exception {
        try (H2DataStore store = H2DataStore.open(dir, "App")) {
            store.createBroadcast(broadcast("a", "A"));
            assertThat(store.journalBytes()).isPositive();
        }
        assertThat(journalFiles(dir)).isEmpty();
    }

    private static ConnectionEvent event(String streamId, long timestamp) {
        return new ConnectionEvent(timestamp, ConnectionEvent.CONNECTED, null, "play", "WebRTC", streamId, null);
    }

    private static List<ConnectionEvent> allEvents(H2DataStore store, String streamId) {
        List<ConnectionEvent> all = new java.util.ArrayList<>();
        for (List<ConnectionEvent> page; !(page = store.connectionEvents(streamId, all.size(), 50)).isEmpty(); ) {
            all.addAll(page);
        }
        return all;
    }

    @Test
    void aStreamKeepsOnlyItsNewestConnectionEvents() {
        // Recent times: the store's own pruning (started when it opens) removes events past the retention.
        long now = System.currentTimeMillis();
        try (H2DataStore store = H2DataStore.open(dir, "App")) {
            int extra = 10;
            for (int i = 0; i < H2DataStore.MAX_EVENTS_PER_STREAM + extra; i++) {
                store.addConnectionEvent(event("busy", now + i));
            }
            store.addConnectionEvent(event("quiet", now));
            List<ConnectionEvent> kept = allEvents(store, "busy");
            assertThat(kept).hasSize(H2DataStore.MAX_EVENTS_PER_STREAM);
            assertThat(kept.getFirst().timestamp()).isEqualTo(now + extra);
            assertThat(kept.getLast().timestamp()).isEqualTo(now + H2DataStore.MAX_EVENTS_PER_STREAM + extra - 1);
            assertThat(allEvents(store, "quiet")).hasSize(1);
        }
    }

    @Test
    void pruningDropsEventsPastTheRetentionAndTheOldestBeyondTheTotalCap() {
        long now = System.currentTimeMillis();
        long old = now - H2DataStore.EVENT_RETENTION_MS - 1;
        try (H2DataStore store = H2DataStore.open(dir, "App")) {
            store.addConnectionEvent(event("a", old));
            for (int i = 0; i < 4; i++) {
                store.addConnectionEvent(event("a", now + i));
                store.addConnectionEvent(event("b", now + i));
            }
            store.pruneConnectionEvents(now, 5);
            assertThat(allEvents(store, "a")).extracting(ConnectionEvent::timestamp).containsExactly(now + 2, now + 3);
            assertThat(allEvents(store, "b")).extracting(ConnectionEvent::timestamp).containsExactly(now + 1, now + 2, now + 3);
        }
    }

    @Test
    void eventsStoredBeforeTheirTimeWasAColumnAreKeptFromTheUpgradeOn() throws Exception {
        try (var c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("App") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
             var st = c.createStatement()) {
            st.execute("CREATE TABLE schema_version (version INT PRIMARY KEY, applied_at BIGINT NOT NULL)");
            for (String sql : Schema.MIGRATIONS.getFirst()) {
                st.execute(sql);
            }
            st.execute("INSERT INTO schema_version VALUES (1, 0)");
            st.execute("INSERT INTO connection_event (stream_id, body) VALUES ('s', '" + StoreJson.write(event("s", 5)) + "')");
            st.execute("SHUTDOWN");
        }
        try (H2DataStore store = H2DataStore.open(dir, "App")) {
            store.pruneConnectionEvents(System.currentTimeMillis(), H2DataStore.MAX_EVENTS);
            assertThat(allEvents(store, "s")).extracting(ConnectionEvent::timestamp).containsExactly(5L);
            store.pruneConnectionEvents(System.currentTimeMillis() + H2DataStore.EVENT_RETENTION_MS + 60_000, H2DataStore.MAX_EVENTS);
            assertThat(allEvents(store, "s")).isEmpty();
        }
    }
}
