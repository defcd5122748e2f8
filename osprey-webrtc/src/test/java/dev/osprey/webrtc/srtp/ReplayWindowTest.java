package dev.osprey.webrtc.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class ReplayWindowTest {

    @Test
    void acceptsNewRejectsSeenAndTooOld() {
        ReplayWindow window = new ReplayWindow(64);
        assertThat(window.check(1000)).isZero();
        window.accept(1000);
        assertThat(window.check(1000)).isEqualTo(SrtpError.REPLAYED);
        assertThat(window.check(999)).isZero();
        assertThat(window.check(937)).isZero();
        assertThat(window.check(936)).isEqualTo(SrtpError.TOO_OLD);
        window.accept(990);
        assertThat(window.check(990)).isEqualTo(SrtpError.REPLAYED);
        assertThat(window.highest()).isEqualTo(1000);
    }

    @Test
    void advancingClearsBitsOfIndicesNotYetSeen() {
        ReplayWindow window = new ReplayWindow(64);
        window.accept(0);
        window.accept(63);
        // index 64 shares its bit slot with 0; index 65 with 1 (never seen)
        window.accept(65);
        assertThat(window.check(64)).isZero();
        assertThat(window.check(2)).isZero();
        assertThat(window.check(1)).isEqualTo(SrtpError.TOO_OLD);
        assertThat(window.check(63)).isEqualTo(SrtpError.REPLAYED);
        window.accept(65 + 500);
        assertThat(window.check(64 + 500)).isZero();
        assertThat(window.check(65 + 500)).isEqualTo(SrtpError.REPLAYED);
    }

    @Test
    void sizeMustBeAPowerOfTwoFromSixtyFour() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ReplayWindow(32));
        assertThatIllegalArgumentException().isThrownBy(() -> new ReplayWindow(100));
        assertThat(new ReplayWindow(4096).check(0)).isZero();
    }
}
