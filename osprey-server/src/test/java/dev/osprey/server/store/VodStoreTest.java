package dev.osprey.server.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** VoD entries in the H2 store and the VoD folder that holds their files. */
class VodStoreTest {

    @TempDir
    Path dir;

    private static VodEntry vod(String id, String name, String streamId, long created) {
        return new VodEntry(id, name, streamId, streamId, created, 0, 1000, 10, "streams/" + id + ".mp4", VodEntry.STREAM_VOD, null);
    }

    private static List<String> ids(List<VodEntry> vods) {
        return vods.stream().map(VodEntry::vodId).toList();
    }

    @Test
    void listsSortByNameOrDateFilterByStreamAndSearchNamesAndIds() {
        try (H2DataStore store = H2DataStore.open(dir, "App")) {
            store.createVod(vod("v1", "Beta.mp4", "cam1", 1000));
            store.createVod(vod("v2", "alpha.mp4", "cam2", 3000));
            store.createVod(vod("v3", "Gamma_1.mp4", "cam1", 2000));
            assertThat(ids(store.vods(VodQuery.page(0, 10)))).containsExactly("v2", "v3", "v1");
            assertThat(ids(store.vods(new VodQuery(0, 10, VodQuery.SortField.NAME, true, null, null))))
                    .containsExactly("v2", "v1", "v3");
            assertThat(ids(store.vods(new VodQuery(0, 10, VodQuery.SortField.NAME, false, null, null))))
                    .containsExactly("v3", "v1", "v2");
            assertThat(ids(store.vods(new VodQuery(0, 10, VodQuery.SortField.DATE, true, null, null))))
                    .containsExactly("v1", "v3", "v2");
            assertThat(ids(store.vods(new VodQuery(1, 1, VodQuery.SortField.DATE, true, null, null)))).containsExactly("v3");
            assertThat(ids(store.vods(new VodQuery(0, 10, null, false, "cam1", null)))).containsExactly("v3", "v1");
            assertThat(ids(store.vods(new VodQuery(0, 10, null, false, null, "BETA")))).containsExactly("v1");
            assertThat(ids(store.vods(new VodQuery(0, 10, null, false, null, "v2")))).containsExactly("v2");
            // '_' is a character here, not LIKE's wildcard
            assertThat(ids(store.vods(new VodQuery(0, 10, null, false, null, "a_1")))).containsExactly("v3");
            assertThat(ids(store.vods(new VodQuery(0, 10, null, false, null, "_")))).containsExactly("v3");
            assertThat(store.countVods()).isEqualTo(3);
        }
    }

    @Test
    void vodsStoredBeforeTheirNameWasAColumnAreFoundByName() throws Exception {
        try (var c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("App") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
             var st = c.createStatement()) {
            st.execute("CREATE TABLE schema_version (version INT PRIMARY KEY, applied_at BIGINT NOT NULL)");
            for (int version = 0; version < 3; version++) {
                for (String sql : Schema.MIGRATIONS.get(version)) {
                    st.execute(sql);
                }
                st.execute("INSERT INTO schema_version VALUES (" + (version + 1) + ", 0)");
            }
            st.execute("INSERT INTO vod (vod_id, stream_id, created, body) VALUES ('old', 's', 5, '"
                    + StoreJson.write(vod("old", "Old Recording.mp4", "s", 5)) + "')");
            st.execute("SHUTDOWN");
        }
        try (H2DataStore store = H2DataStore.open(dir, "App")) {
            assertThat(ids(store.vods(new VodQuery(0, 10, null, false, null, "recording")))).containsExactly("old");
            assertThat(store.vod("old").orElseThrow().previewFilePath()).isNull();
        }
    }

    @Test
    void aVodWrittenJustBeforeAKillIsReplayedWithItsName() throws Exception {
        Path copy = Files.createDirectory(dir.resolve("copy"));
        try (H2DataStore store = H2DataStore.open(dir, "App")) {
            store.createVod(vod("v1", "Journaled.mp4", "s", 1));
            // What a killed process leaves: the journal (H2 has not written the row yet).
            try (var files = Files.list(dir)) {
                for (Path p : files.filter(p -> p.getFileName().toString().startsWith("App.journal")).toList()) {
                    Files.copy(p, copy.resolve(p.getFileName()));
                }
            }
        }
        try (H2DataStore store = H2DataStore.open(copy, "App")) {
            assertThat(ids(store.vods(new VodQuery(0, 10, null, false, null, "journaled")))).containsExactly("v1");
        }
    }

    @Test
    void theFolderResolvesOnlyPathsInsideIt() throws Exception {
        VodFolder folder = VodFolder.besideStore(dir.resolve("data"), "App");
        assertThat(folder.root()).isEqualTo(dir.resolve("streams").resolve("App").toAbsolutePath().normalize());
        assertThat(folder.resolve("streams/a.mp4")).contains(folder.root().resolve("a.mp4"));
        assertThat(folder.resolve("streams/../a.mp4")).isEmpty();
        assertThat(folder.resolve("streams/../../data/App.mv.db")).isEmpty();
        assertThat(folder.resolve("streams//etc/passwd")).isEmpty();
        assertThat(folder.resolve("a.mp4")).isEmpty();
        assertThat(folder.resolve("streams/")).isEmpty();
        Path outside = Files.writeString(dir.resolve("keep.txt"), "x");
        assertThat(folder.delete("streams/../../keep.txt")).isFalse();
        assertThat(outside).exists();
        assertThat(folder.relativize(folder.root().resolve("sub/b.mp4"))).contains("streams/sub/b.mp4");
        assertThat(folder.relativize(outside)).isEmpty();
    }

    @Test
    void aRecordingIsRegisteredWithItsSizeAndRelativePath() throws Exception {
        try (ApplicationData data = ApplicationData.open(dir.resolve("data"), "App")) {
            Path file = Files.write(data.vodFolder().create().resolve("rec.mp4"), new byte[1234]);
            VodEntry vod = data.addRecording("cam1", "Camera 1", file, 1_000, 60_000);
            assertThat(vod.type()).isEqualTo(VodEntry.STREAM_VOD);
            assertThat(vod.filePath()).isEqualTo("streams/rec.mp4");
            assertThat(vod.fileSize()).isEqualTo(1234);
            assertThat(vod.vodName()).isEqualTo("rec.mp4");
            assertThat(vod.streamId()).isEqualTo("cam1");
            assertThat(data.store().vod(vod.vodId())).contains(vod);
            Path outside = Files.write(dir.resolve("elsewhere.mp4"), new byte[1]);
            assertThatThrownBy(() -> data.addRecording("cam1", "Camera 1", outside, 0, 0))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(data.store().countVods()).isEqualTo(1);
        }
    }
}
