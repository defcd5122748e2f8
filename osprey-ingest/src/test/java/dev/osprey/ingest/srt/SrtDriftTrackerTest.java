package dev.osprey.ingest.srt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SrtDriftTrackerTest {
    @Test
    void aSteadyLatenessBeyondTheThresholdShiftsTheBaseByItsMeanOncePerRun() {
        DriftTracker tracker = new DriftTracker();
        long total = 0;
        for (int i = 0; i < DriftTracker.SAMPLES; i++) {
            total += tracker.sample(8_000_000);
        }
        assertThat(total).isEqualTo(8_000_000);
    }

    @Test
    void jitterAroundZeroLeavesTheBaseAlone() {
        DriftTracker tracker = new DriftTracker();
        long total = 0;
        for (int i = 0; i < 3 * DriftTracker.SAMPLES; i++) {
            total += tracker.sample(i % 2 == 0 ? 4_000_000 : -4_000_000);
        }
        assertThat(total).isZero();
    }
}
