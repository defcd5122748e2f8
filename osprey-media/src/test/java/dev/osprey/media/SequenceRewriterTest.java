package dev.osprey.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceRewriterTest {
    private static final int A = 0xAAAA;
    private static final int B = 0xBBBB;

    @Test
    void firstPacketTakesTheInitialNumberAndLaterOnesFollowTheSource() {
        SequenceRewriter r = new SequenceRewriter(500);
        assertThat(r.forward(A, 10)).isEqualTo(500);
        assertThat(r.forward(A, 11)).isEqualTo(501);
        assertThat(r.forward(A, 14)).isEqualTo(504); // a real loss stays a gap: the viewer NACKs it
        assertThat(r.forward(A, 12)).isEqualTo(502); // late arrival fills it
        assertThat(r.nextSequence()).isEqualTo(505);
    }

    @Test
    void droppedPacketsLeaveNoGapAndOlderPacketsAreRefused() {
        SequenceRewriter r = new SequenceRewriter(0);
        r.forward(A, 100);
        r.drop(A, 101);
        r.drop(A, 102);
        assertThat(r.forward(A, 103)).isEqualTo(1);
        assertThat(r.forward(A, 102)).isEqualTo(-1);
        assertThat(r.forward(A, 104)).isEqualTo(2);
    }

    @Test
    void packetsDroppedBeforeTheFirstForwardedOneCostNothing() {
        SequenceRewriter r = new SequenceRewriter(7000);
        r.drop(A, 1);
        r.drop(A, 2);
        assertThat(r.forward(A, 3)).isEqualTo(7000);
        assertThat(r.forward(A, 4)).isEqualTo(7001);
    }

    @Test
    void newSourceOrLargeJumpContinuesTheOutgoingSequence() {
        SequenceRewriter r = new SequenceRewriter(65534);
        assertThat(r.forward(A, 10)).isEqualTo(65534);
        assertThat(r.forward(A, 11)).isEqualTo(65535);
        assertThat(r.isNewSegment(B, 40000)).isTrue();
        assertThat(r.forward(B, 40000)).isEqualTo(0);
        assertThat(r.forward(B, 40001)).isEqualTo(1);
        assertThat(r.isNewSegment(B, 40001 + SequenceRewriter.MAX_JUMP + 1)).isTrue();
        assertThat(r.forward(B, 40001 + 5000)).isEqualTo(2);
        assertThat(r.forward(B, 45000)).as("before the segment start").isEqualTo(-1);
    }

    @Test
    void sourceWrapAroundIsSeamless() {
        SequenceRewriter r = new SequenceRewriter(100);
        int expected = 100;
        for (int i = 0; i < 70_000; i++) {
            assertThat(r.forward(A, (65000 + i) & 0xFFFF)).isEqualTo(expected++ & 0xFFFF);
        }
    }

    @Test
    void outgoingNumbersMapBackToIncomingOnes() {
        SequenceRewriter r = new SequenceRewriter(300);
        r.forward(A, 10);
        r.drop(A, 11);
        r.forward(A, 12);
        assertThat(r.inputFor(300)).isEqualTo(10);
        assertThat(r.inputFor(301)).isEqualTo(12);
        assertThat(r.inputFor(302)).isEqualTo(-1);
        r.forward(B, 999);
        assertThat(r.inputFor(300)).as("forgotten at a new segment").isEqualTo(-1);
        assertThat(r.inputFor(302)).isEqualTo(999);
    }

    @Test
    void numbersMapBackAcrossTheSixteenBitWrapForTheLastHistoryPackets() {
        SequenceRewriter r = new SequenceRewriter(100);
        for (int i = 0; i < 70_000; i++) {
            r.forward(A, (65000 + i) & 0xFFFF);
        }
        int last = (100 + 69_999) & 0xFFFF;
        assertThat(r.inputFor(last)).isEqualTo((65000 + 69_999) & 0xFFFF);
        assertThat(r.inputFor((last - 1000) & 0xFFFF)).isEqualTo((65000 + 68_999) & 0xFFFF);
        assertThat(r.inputFor((last - SequenceRewriter.HISTORY + 1) & 0xFFFF)).isNotEqualTo(-1);
        assertThat(r.inputFor((last - SequenceRewriter.HISTORY) & 0xFFFF)).as("too old").isEqualTo(-1);
        assertThat(r.inputFor((last + 1) & 0xFFFF)).as("not sent yet").isEqualTo(-1);
    }

    @Test
    void numbersBeforeAndAfterAPauseMapToTheirOwnIncomingNumbers() {
        SequenceRewriter r = new SequenceRewriter(0);
        for (int seq = 10; seq < 20; seq++) {
            r.forward(A, seq);
        }
        for (int seq = 20; seq < 25; seq++) {
            r.drop(A, seq);
        }
        for (int seq = 25; seq < 30; seq++) {
            assertThat(r.forward(A, seq)).isEqualTo(seq - 15);
        }
        assertThat(r.inputFor(0)).isEqualTo(10);
        assertThat(r.inputFor(9)).isEqualTo(19);
        assertThat(r.inputFor(10)).isEqualTo(25);
        assertThat(r.inputFor(14)).isEqualTo(29);
    }

    @Test
    void aGapUpstreamMapsToTheMissingIncomingNumber() {
        SequenceRewriter r = new SequenceRewriter(0);
        r.forward(A, 10);
        r.forward(A, 13);
        assertThat(r.inputFor(1)).isEqualTo(11);
        assertThat(r.inputFor(2)).isEqualTo(12);
    }

    @Test
    void onlyTheNewestPeriodsAreRemembered() {
        SequenceRewriter r = new SequenceRewriter(0);
        int seq = 0;
        for (int period = 0; period < SequenceRewriter.PERIODS + 4; period++) {
            r.drop(A, seq++);
            r.forward(A, seq++);
        }
        int newest = r.nextSequence() - 1;
        assertThat(r.inputFor(newest)).isEqualTo(seq - 1);
        assertThat(r.inputFor(newest - SequenceRewriter.PERIODS + 1)).isEqualTo(seq - 1 - 2 * (SequenceRewriter.PERIODS - 1));
        assertThat(r.inputFor(newest - SequenceRewriter.PERIODS)).as("its period was forgotten").isEqualTo(-1);
    }
}
