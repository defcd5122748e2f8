package dev.osprey.ingest.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParameterSetsTest {
    private static final byte[] WITH_SETS = {0, 0, 0, 1, 0x67, 0x64, 0, 0x1f, 9, 0, 0, 0, 1, 0x68, 7, 0, 0, 1, 0x65, 1, 2};

    @Test
    void theProfileComesFromTheSpsAndAKeyframeWithItsSetsIsLeftAlone() {
        ParameterSets sets = new ParameterSets();
        assertThat(sets.profileLevelId()).isNull();
        assertThat(sets.apply(WITH_SETS, true)).isSameAs(WITH_SETS);
        assertThat(sets.profileLevelId()).isEqualTo("64001f");
    }

    @Test
    void aKeyframeWithoutSetsGetsTheLatestInFront() {
        ParameterSets sets = new ParameterSets();
        sets.apply(WITH_SETS, true);
        byte[] idr = {0, 0, 0, 1, 0x65, 3, 4};
        assertThat(sets.apply(idr, true)).containsExactly(0, 0, 0, 1, 0x67, 0x64, 0, 0x1f, 9, 0, 0, 0, 1, 0x68, 7,
                0, 0, 0, 1, 0x65, 3, 4);
        byte[] delta = {0, 0, 1, 0x41, 5};
        assertThat(sets.apply(delta, false)).isSameAs(delta);
    }

    @Test
    void aKeyframeBeforeAnySetsIsLeftAsItIs() {
        byte[] idr = {0, 0, 0, 1, 0x65, 3, 4};
        assertThat(new ParameterSets().apply(idr, true)).isSameAs(idr);
    }
}
