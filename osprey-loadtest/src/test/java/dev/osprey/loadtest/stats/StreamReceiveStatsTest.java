package dev.osprey.loadtest.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamReceiveStatsTest {

    @Test
    void countsLossAcrossASequenceWrap() {
        StreamReceiveStats s = new StreamReceiveStats(1, 90_000);
        int[] seqs = {65533, 65534, 0, 1, 3, 4}; // 65535 and 2 are missing
        long t = 0;
        for (int seq : seqs) {
            s.onPacket(seq, 0, t, 100);
            t += 1_000_000;
        }
        assertThat(s.packets()).isEqualTo(6);
        assertThat(s.bytes()).isEqualTo(600);
        assertThat(s.expected()).isEqualTo(8);
        assertThat(s.lost()).isEqualTo(2);
    }

    @Test
    void reorderedAndDuplicatePacketsDoNotCountAsLossOrGoNegative() {
        StreamReceiveStats s = new StreamReceiveStats(1, 48_000);
        for (int seq : new int[] {10, 12, 11, 12, 13}) {
            s.onPacket(seq, 0, 0, 10);
        }
        assertThat(s.expected()).isEqualTo(4);
        assertThat(s.lost()).isZero();
    }

    @Test
    void jitterIsZeroForPerfectPacingAndGrowsTowardsTheDeviation() {
        StreamReceiveStats steady = new StreamReceiveStats(1, 90_000);
        for (int i = 0; i < 100; i++) {
            steady.onPacket(i, i * 3000, i * 33_333_333L, 1000); // 3000 ticks = 33.33 ms at 90 kHz
        }
        assertThat(steady.jitterMillis()).isLessThan(0.05);

        StreamReceiveStats jittery = new StreamReceiveStats(2, 90_000);
        for (int i = 0; i < 2000; i++) {
            long arrival = i * 33_333_333L + (i % 2 == 0 ? 0 : 10_000_000L); // every other packet 10 ms late
            jittery.onPacket(i, i * 3000, arrival, 1000);
        }
        // |D| is 10 ms for every pair, so J converges to 10 ms (RFC 3550 A.8).
        assertThat(jittery.jitterMillis()).isBetween(9.9, 10.1);
    }
}
