package dev.osprey.ingest.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimelineGuardTest {
    @Test
    void smallStepsEitherWayPassAsTheyAre() {
        TimelineGuard guard = new TimelineGuard(1_000);
        assertThat(guard.map(1_000)).isEqualTo(1_000);
        assertThat(guard.map(1_040)).isEqualTo(1_040);
        assertThat(guard.map(1_020)).as("audio a little behind video").isEqualTo(1_020);
        assertThat(guard.jumps()).isZero();
    }

    @Test
    void aJumpOfTheEncodersClockIsFoldedOutAndTimeGoesOnFromThere() {
        TimelineGuard guard = new TimelineGuard(1_000);
        guard.map(10_000);
        guard.map(10_033);
        assertThat(guard.map(3_600_000)).isEqualTo(10_034);
        assertThat(guard.map(3_600_033)).isEqualTo(10_067);
        assertThat(guard.map(0)).as("a restart at zero").isEqualTo(10_068);
        assertThat(guard.map(33)).isEqualTo(10_101);
        assertThat(guard.jumps()).isEqualTo(2);
    }
}
