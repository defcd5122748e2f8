package dev.osprey.server;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class WebSocketClientConnectionTest {

    @Test
    void shortReasonsAreKept() {
        assertThat(WebSocketClientConnection.truncate("")).isEmpty();
        assertThat(WebSocketClientConnection.truncate("bye")).isEqualTo("bye");
        String exact = "r".repeat(123);
        assertThat(WebSocketClientConnection.truncate(exact)).isEqualTo(exact);
    }

    @Test
    void longReasonsAreCutToTheControlFrameLimitOnACharacterBoundary() {
        assertThat(WebSocketClientConnection.truncate("r".repeat(200))).isEqualTo("r".repeat(123));
        String multiByte = "é".repeat(100); // 2 bytes each
        assertThat(WebSocketClientConnection.truncate(multiByte)).isEqualTo("é".repeat(61));
        String emoji = "a" + "😀".repeat(40); // 4 bytes each, surrogate pairs
        String cut = WebSocketClientConnection.truncate(emoji);
        assertThat(cut).isEqualTo("a" + "😀".repeat(30));
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
    }
}
