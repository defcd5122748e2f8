package dev.osprey.webrtc.rtp.codec;

import dev.osprey.webrtc.rtp.Hex;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Av1PayloadTest {
    @Test
    void newCodedVideoSequenceIsAKeyframe() {
        // N=1, W=1, then a sequence header OBU (type 1: 0x08)
        byte[] key = Hex.bytes("18 08 00 00 00");
        assertThat(Av1Payload.isKeyframe(key, 0, key.length)).isTrue();
        assertThat(Av1Payload.obuCount(key, 0, key.length)).isEqualTo(1);
        assertThat(Av1Payload.continuesPreviousObu(key, 0, key.length)).isFalse();

        byte[] delta = Hex.bytes("10 30 00");
        assertThat(Av1Payload.isKeyframe(delta, 0, delta.length)).isFalse();

        byte[] fragment = Hex.bytes("c0 aa bb");
        assertThat(Av1Payload.continuesPreviousObu(fragment, 0, 3)).isTrue();
        assertThat(Av1Payload.continuesInNextPacket(fragment, 0, 3)).isTrue();
        assertThat(Av1Payload.obuCount(fragment, 0, 3)).isZero();
        assertThat(Av1Payload.isKeyframe(Hex.bytes("08"), 0, 1)).as("header without OBU").isFalse();
        assertThat(Av1Payload.obuCount(new byte[0], 0, 0)).isEqualTo(-1);
    }
}
