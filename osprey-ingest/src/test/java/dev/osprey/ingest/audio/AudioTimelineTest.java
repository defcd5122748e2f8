package dev.osprey.ingest.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AudioTimelineTest {
    private static final long HALF_SECOND = 24_000;
    private static final long TEN_MILLIS = 480;

    private final AudioTimeline timeline = new AudioTimeline(HALF_SECOND, TEN_MILLIS);

    @Test
    void anchorsTheFirstPacketOnTheFirstInput() {
        assertThat(timeline.place(48_000, 0)).isEqualTo(AudioTimeline.REANCHOR);
        assertThat(timeline.takePacket(960)).isEqualTo(48_000);
        assertThat(timeline.takePacket(960)).isEqualTo(48_960);
    }

    @Test
    void staysContinuousThroughMillisecondJitter() {
        timeline.place(0, 0);
        timeline.takePacket(960);
        // 1114.6 samples per 1024 at 44.1 kHz; the input says 23 ms (1104), the FIFO holds 154 after one packet.
        assertThat(timeline.place(1104, 1114 - 960)).isZero();
        assertThat(timeline.takePacket(960)).isEqualTo(960);
    }

    @Test
    void fillsAGapOfAFewFramesWithSilence() {
        timeline.place(0, 0);
        timeline.takePacket(960);
        // A lost 23 ms frame: the next one starts 46 ms after the first, 154 samples wait in the FIFO.
        assertThat(timeline.place(2208, 154)).isEqualTo(2208 - 1114);
    }

    @Test
    void reanchorsWhenTheInputJumpsAheadByMoreThanTheLimit() {
        timeline.place(0, 0);
        timeline.takePacket(960);
        assertThat(timeline.place(960 + HALF_SECOND + 1, 0)).isEqualTo(AudioTimeline.REANCHOR);
        assertThat(timeline.takePacket(960)).isEqualTo(960 + HALF_SECOND + 1);
    }

    @Test
    void reanchorsWhenTheInputGoesBackwardsEvenALittle() {
        timeline.place(100_000, 0);
        timeline.takePacket(960);
        assertThat(timeline.place(99_000, 0)).isEqualTo(AudioTimeline.REANCHOR);
        assertThat(timeline.takePacket(960)).isEqualTo(99_000);
    }
}
