package dev.osprey.signaling.protocol;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class StreamIdsTest {

    @Test
    void acceptsOnlyLettersDigitsUnderscoreDotAndDash() {
        assertThat(StreamIds.isValid("stream_1.hd-2")).isTrue();
        assertThat(StreamIds.isValid("ABCxyz0189")).isTrue();
        for (String bad : new String[]{null, "", " ", "a b", "a/b", "a?b", "é", "a\u0000", "<script>", "a+b", "a:b"}) {
            assertThat(StreamIds.isValid(bad)).as(String.valueOf(bad)).isFalse();
        }
    }

    @Test
    void acceptsIdsUpToTheLengthTheStoreKeeps() {
        assertThat(StreamIds.isValid("a".repeat(StreamIds.MAX_LENGTH))).isTrue();
        assertThat(StreamIds.isValid("a".repeat(StreamIds.MAX_LENGTH + 1))).isFalse();
        assertThat(StreamIds.isValid("a".repeat(300))).isFalse();
    }

    @Test
    void generatedIdsAreValidAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String id = StreamIds.generate();
            assertThat(id).hasSize(16);
            assertThat(StreamIds.isValid(id)).isTrue();
            seen.add(id);
        }
        assertThat(seen).hasSize(1_000);
    }
}
