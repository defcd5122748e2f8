package dev.osprey.server.store;

import dev.osprey.server.store.JournalEntry.Op;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WriteJournalTest {

    @TempDir
    Path dir;

    private static final JournalEntry PUT = JournalEntry.put(Op.PUT_BROADCAST, "a", "{\"streamId\":\"a\",\"name\":\"line\\nbreak\"}");
    private static final JournalEntry DELETE = JournalEntry.delete(Op.DELETE_TOKEN, "t1");

    @Test
    void entriesAreReadBackInOrderAfterReopening() throws Exception {
        try (WriteJournal journal = WriteJournal.open(dir, "App")) {
            journal.append(PUT);
            journal.append(DELETE);
        }
        try (WriteJournal journal = WriteJournal.open(dir, "App")) {
            assertThat(journal.entries()).containsExactly(PUT, DELETE);
            journal.append(PUT);
            assertThat(journal.entries()).containsExactly(PUT, DELETE, PUT);
        }
    }

    @Test
    void aLastLineCutOffByAKillIsLeftOut() throws Exception {
        try (WriteJournal journal = WriteJournal.open(dir, "App")) {
            journal.append(PUT);
        }
        Files.writeString(dir.resolve("App.journal.1"), "{\"op\":\"PUT_BROADCAST\",\"key\":\"b\",\"bo", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        try (WriteJournal journal = WriteJournal.open(dir, "App")) {
            assertThat(journal.entries()).containsExactly(PUT);
        }
    }

    @Test
    void aDamagedCompleteLineIsReportedNotSkipped() throws Exception {
        Files.writeString(dir.resolve("App.journal.7"), "garbage\n" + StoreJson.write(PUT) + "\n");
        try (WriteJournal journal = WriteJournal.open(dir, "App")) {
            assertThatThrownBy(journal::entries).isInstanceOf(StoreException.class).hasMessageContaining("line 1");
        }
    }

    @Test
    void clearingForgetsEveryEntryAndAppendsStartAfresh() throws Exception {
        try (WriteJournal journal = WriteJournal.open(dir, "App")) {
            journal.append(PUT);
            assertThat(journal.size()).isPositive();
            journal.clear();
            assertThat(journal.size()).isZero();
            journal.append(DELETE);
            assertThat(journal.entries()).containsExactly(DELETE);
        }
    }

    @Test
    void deletingUpToASealedSegmentKeepsWhatWasAppendedAfterTheSeal() throws Exception {
        try (WriteJournal journal = WriteJournal.open(dir, "App")) {
            journal.append(PUT);
            long sealed = journal.seal();
            journal.append(DELETE);
            journal.deleteUpTo(sealed);
            assertThat(journal.entries()).containsExactly(DELETE);
        }
    }

    @Test
    void closingAnEmptyJournalLeavesNoFile() throws Exception {
        try (WriteJournal journal = WriteJournal.open(dir, "App")) {
            journal.append(PUT);
            journal.clear();
        }
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
