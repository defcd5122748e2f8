package dev.osprey.webrtc.rtp.codec;

import dev.osprey.webrtc.rtp.Hex;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class H264PayloadTest {
    private static boolean key(String hex) {
        byte[] b = Hex.bytes(hex);
        return H264Payload.isKeyframe(b, 0, b.length);
    }

    @Test
    void singleNalUnits() {
        assertThat(key("65 88 84 00")).as("IDR").isTrue();
        assertThat(key("67 42 c0 1f")).as("SPS").isTrue();
        assertThat(key("68 ce 3c 80")).as("PPS alone").isFalse();
        assertThat(key("41 9a 02")).as("non-IDR slice").isFalse();
        assertThat(H264Payload.nalType(Hex.bytes("65"), 0, 1)).isEqualTo(5);
    }

    @Test
    void stapA() {
        assertThat(key("78 00 02 67 42 00 02 68 ce 00 03 65 88 84")).isTrue();
        assertThat(key("78 00 02 68 ce 00 03 65 88 84")).as("IDR second").isTrue();
        assertThat(key("78 00 02 41 9a 00 02 41 9b")).isFalse();
        assertThat(key("78 00 09 67 42")).as("size overruns").isFalse();
        assertThat(key("78 00 00 67 42")).as("zero size").isFalse();
        assertThat(key("78")).isFalse();
        assertThat(key("79 00 01 00 02 67 42")).as("STAP-B skips the DON").isTrue();
    }

    @Test
    void fuA() {
        assertThat(key("7c 85 88 84")).as("start of IDR").isTrue();
        assertThat(key("7c 05 88 84")).as("middle of IDR").isFalse();
        assertThat(key("7c 45 88 84")).as("end of IDR").isFalse();
        assertThat(key("7c 81 9a 02")).as("start of non-IDR").isFalse();
        assertThat(key("7c")).as("no FU header").isFalse();
        byte[] middle = Hex.bytes("7c 05 88");
        assertThat(H264Payload.isStartOfNal(middle, 0, 3)).isFalse();
        assertThat(H264Payload.isStartOfNal(Hex.bytes("7c 85"), 0, 2)).isTrue();
        assertThat(H264Payload.isStartOfNal(Hex.bytes("41"), 0, 1)).isTrue();
    }

    @Test
    void emptyAndReservedTypes() {
        assertThat(H264Payload.isKeyframe(new byte[0], 0, 0)).isFalse();
        assertThat(H264Payload.nalType(new byte[0], 0, 0)).isEqualTo(-1);
        assertThat(key("1e 65")).isFalse();
        assertThat(key("00 65")).isFalse();
    }
}
