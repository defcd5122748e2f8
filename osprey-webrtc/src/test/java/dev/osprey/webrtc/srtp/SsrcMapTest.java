package dev.osprey.webrtc.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SsrcMapTest {

    @Test
    void storesAndGrowsIncludingZeroAndNegativeKeys() {
        SsrcMap<String> map = new SsrcMap<>();
        for (int i = -500; i < 500; i++) {
            map.put(i * 0x10001, "v" + i);
        }
        map.put(0, "zero");
        assertThat(map.size()).isEqualTo(1000);
        assertThat(map.get(0)).isEqualTo("zero");
        assertThat(map.get(-500 * 0x10001)).isEqualTo("v-500");
        assertThat(map.get(499 * 0x10001)).isEqualTo("v499");
        assertThat(map.get(12345)).isNull();
    }
}
