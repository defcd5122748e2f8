package dev.osprey.webrtc.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The ROC guess of RFC 3711 Appendix A. */
class StreamStateTest {

    @Test
    void firstPacketHasRocZero() {
        assertThat(StreamState.estimateIndex(-1, 65000)).isEqualTo(65000);
    }

    @Test
    void wrapForwardIncrementsRoc() {
        assertThat(StreamState.estimateIndex(65535, 0)).isEqualTo(65536);
        assertThat(StreamState.estimateIndex((3L << 16) | 65000, 10)).isEqualTo((4L << 16) | 10);
    }

    @Test
    void latePacketFromBeforeTheWrapKeepsThePreviousRoc() {
        assertThat(StreamState.estimateIndex((4L << 16) | 10, 65000)).isEqualTo((3L << 16) | 65000);
    }

    @Test
    void sameRocWithinHalfTheSequenceSpace() {
        assertThat(StreamState.estimateIndex((2L << 16) | 1000, 900)).isEqualTo((2L << 16) | 900);
        assertThat(StreamState.estimateIndex((2L << 16) | 1000, 30000)).isEqualTo((2L << 16) | 30000);
    }

    @Test
    void neverGuessesANegativeRoc() {
        assertThat(StreamState.estimateIndex(100, 65000)).isEqualTo(65000);
    }
}
