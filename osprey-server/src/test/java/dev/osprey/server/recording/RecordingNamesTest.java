package dev.osprey.server.recording;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.record.Container;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Set;

class RecordingNamesTest {
    @TempDir
    Path folder;

    @Test
    void aFreeNameIsTheStreamIdWithTheContainersExtension() {
        assertThat(RecordingNames.next(folder, "stream1", Container.MP4, false, Instant.now(), Set.of()))
                .isEqualTo(folder.resolve("stream1.mp4"));
        assertThat(RecordingNames.next(folder, "stream1", Container.WEBM, false, Instant.now(), Set.of()))
                .isEqualTo(folder.resolve("stream1.webm"));
    }

    @Test
    void aNameTakenByAFileAPartialFileOrAnotherRecordingGetsTheNextSuffix() throws Exception {
        Files.write(folder.resolve("s.mp4"), new byte[0]);
        Files.write(folder.resolve("s_1.mp4.tmp_extension"), new byte[0]);

        Path next = RecordingNames.next(folder, "s", Container.MP4, false, Instant.now(), Set.of("s_2.mp4"));

        assertThat(next).isEqualTo(folder.resolve("s_3.mp4"));
        assertThat(RecordingNames.next(folder, "s", Container.WEBM, false, Instant.now(), Set.of()))
                .as("another container's file does not take the name").isEqualTo(folder.resolve("s.webm"));
    }

    @Test
    void theDateAndTimeAreAddedWhenTheApplicationAsks() {
        Instant at = Instant.parse("2026-12-07T10:15:30.045Z");
        String local = DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss.SSS").format(at.atZone(ZoneId.systemDefault()));

        assertThat(RecordingNames.next(folder, "s", Container.MP4, true, at, Set.of()))
                .isEqualTo(folder.resolve("s-" + local + ".mp4"));
    }
}
