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
}
