package dev.osprey.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimestampRewriterTest {
    private static final long MS = 1_000_000L;

    @Test
    void firstSegmentKeepsTheSourceTimestamps() {
        TimestampRewriter r = new TimestampRewriter(90_000);
        assertThat(r.rewrite(123_456, 0)).isEqualTo(123_456);
        assertThat(r.rewrite(126_456, 33 * MS)).isEqualTo(126_456);
        assertThat(r.offset()).isZero();
    }

    @Test
    void newSegmentContinuesAfterTheElapsedTime() {
        TimestampRewriter r = new TimestampRewriter(90_000);
        r.rewrite(-10, 0); // 0xFFFFFFF6: near the wrap
        r.rewrite(2990, 33 * MS);
        r.startSegment();
        // 500 ms later the new source starts at an unrelated timestamp
        int first = r.rewrite(77, 533 * MS);
        assertThat(first).isEqualTo(2990 + 45_000);
        assertThat(r.rewrite(77 + 3000, 566 * MS)).isEqualTo(2990 + 48_000);
    }

    @Test
    void newSegmentWithoutElapsedTimeStillMovesForward() {
        TimestampRewriter r = new TimestampRewriter(48_000);
        r.rewrite(1000, 5 * MS);
        r.startSegment();
        assertThat(r.rewrite(999_999, 5 * MS)).isEqualTo(1001);
    }
}
