package dev.osprey.media.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AudioSpecificConfigTest {

    @Test
    void readsTheConfigOfAnRtmpSequenceHeaderForAacLcAt44100HzStereo() throws Exception {
        byte[] tag = {(byte) 0xaf, 0x00, 0x12, 0x10}; // FLV audio tag: AAC, sequence header, then the config

        AudioSpecificConfig config = AudioSpecificConfig.parse(tag, 2, 2);

        assertThat(config.audioObjectType()).isEqualTo(2);
        assertThat(config.sampleRate()).isEqualTo(44_100);
        assertThat(config.channelConfiguration()).isEqualTo(2);
        assertThat(config.bytes()).containsExactly(0x12, 0x10);
    }

    @Test
    void keepsTheBytesOfAnHeAacConfigWholeForTheDecoder() throws Exception {
        // HE-AAC (SBR, 5), 24 kHz core (index 6), stereo, then the extension: 48 kHz (index 3), AAC LC (2).
        byte[] config = {0x2b, 0x11, (byte) 0x88, 0x00};

        AudioSpecificConfig parsed = AudioSpecificConfig.parse(config, 0, config.length);

        assertThat(parsed.audioObjectType()).isEqualTo(5);
        assertThat(parsed.sampleRate()).isEqualTo(24_000);
        assertThat(parsed.bytes()).containsExactly(config);
    }

    @Test
    void readsAnEscapedObjectTypeAndAnExplicitFrequency() throws Exception {
        // object type 31 + 6 bits (32 + 10 = 42), frequency index 15 + 24 bits (22222 Hz), mono.
        long bits = 31L;
        bits = bits << 6 | 10;
        bits = bits << 4 | 15;
        bits = bits << 24 | 22_222;
        bits = bits << 4 | 1;
        bits <<= 5; // 43 bits, padded to 48
        byte[] config = new byte[6];
        for (int i = 0; i < 6; i++) {
            config[i] = (byte) (bits >>> (8 * (5 - i)));
        }

        AudioSpecificConfig parsed = AudioSpecificConfig.parse(config, 0, config.length);

        assertThat(parsed.audioObjectType()).isEqualTo(42);
        assertThat(parsed.sampleRate()).isEqualTo(22_222);
        assertThat(parsed.channelConfiguration()).isEqualTo(1);
    }

    @Test
    void refusesAConfigCutShortOrWithAReservedFrequency() {
        assertThatThrownBy(() -> AudioSpecificConfig.parse(new byte[] {0x12}, 0, 1))
                .isInstanceOf(MalformedAacException.class).hasMessageContaining("ends before");
        assertThatThrownBy(() -> AudioSpecificConfig.parse(new byte[0], 0, 0))
                .isInstanceOf(MalformedAacException.class).hasMessageContaining("audioObjectType");
        byte[] reserved = {0x16, (byte) 0x90}; // AAC LC, frequency index 13
        assertThatThrownBy(() -> AudioSpecificConfig.parse(reserved, 0, 2))
                .isInstanceOf(MalformedAacException.class).hasMessageContaining("reserved frequency index 13");
        assertThatThrownBy(() -> AudioSpecificConfig.parse(new byte[] {0x00, 0x10}, 0, 2))
                .isInstanceOf(MalformedAacException.class).hasMessageContaining("object type 0");
    }
}
