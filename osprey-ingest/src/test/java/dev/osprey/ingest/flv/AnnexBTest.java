package dev.osprey.ingest.flv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.util.Random;

class AnnexBTest {
    /** A record as x264 writes it: High profile 4.0, 4-byte lengths, one SPS and one PPS. */
    static final byte[] RECORD = {1, 0x64, 0x00, 0x28, (byte) 0xFF, (byte) 0xE1, 0, 5, 0x67, 0x64, 0x00, 0x28, 0x11,
            1, 0, 3, 0x68, (byte) 0xEE, 0x3C};

    @Test
    void aDecoderConfigurationGivesItsParameterSetsAndTheSdpProfile() throws Exception {
        AvcConfiguration config = AvcConfiguration.parse(RECORD, 0, RECORD.length);
        assertThat(config.nalLengthSize()).isEqualTo(4);
        assertThat(config.sps()).containsExactly(new byte[] {0x67, 0x64, 0x00, 0x28, 0x11});
        assertThat(config.pps()).containsExactly(new byte[] {0x68, (byte) 0xEE, 0x3C});
        assertThat(config.profileLevelId()).isEqualTo("640028");
    }

    @Test
    void anIdrFrameGetsTheParameterSetsInFrontAndStartCodes() throws Exception {
        AvcConfiguration config = AvcConfiguration.parse(RECORD, 0, RECORD.length);
        byte[] avcc = {0, 0, 0, 2, 0x09, 0x10, 0, 0, 0, 3, 0x65, 1, 2};
        AnnexB.Frame frame = AnnexB.fromAvcc(avcc, 0, avcc.length, config);
        assertThat(frame.keyframe()).isTrue();
        assertThat(frame.data()).containsExactly(0, 0, 0, 1, 0x67, 0x64, 0x00, 0x28, 0x11, 0, 0, 0, 1, 0x68, (byte) 0xEE,
                0x3C, 0, 0, 0, 1, 0x09, 0x10, 0, 0, 0, 1, 0x65, 1, 2);
    }

    @Test
    void aDeltaFrameIsOnlyReframed() throws Exception {
        AvcConfiguration config = AvcConfiguration.parse(RECORD, 0, RECORD.length);
        byte[] avcc = {0, 0, 0, 2, 0x41, 7};
        AnnexB.Frame frame = AnnexB.fromAvcc(avcc, 0, avcc.length, config);
        assertThat(frame.keyframe()).isFalse();
        assertThat(frame.data()).containsExactly(0, 0, 0, 1, 0x41, 7);
    }

    @Test
    void lengthsPastTheEndAreRefused() throws Exception {
        AvcConfiguration config = AvcConfiguration.parse(RECORD, 0, RECORD.length);
        assertThatThrownBy(() -> AnnexB.fromAvcc(new byte[] {0, 0, 0, 9, 0x41}, 0, 5, config))
                .isInstanceOf(FlvFormatException.class);
        assertThatThrownBy(() -> AnnexB.fromAvcc(new byte[] {0, 0}, 0, 2, config))
                .isInstanceOf(FlvFormatException.class);
        assertThatThrownBy(() -> AvcConfiguration.parse(RECORD, 0, 12)).isInstanceOf(FlvFormatException.class);
        assertThatThrownBy(() -> AvcConfiguration.parse(new byte[] {1, 0x64, 0, 0x28, (byte) 0xFF, (byte) 0xE0, 0},
                0, 7)).isInstanceOf(FlvFormatException.class);
    }

    @Test
    void randomBytesNeverThrowAnythingButAFormatError() {
        Random random = new Random(14);
        for (int i = 0; i < 10_000; i++) {
            byte[] data = new byte[random.nextInt(64)];
            random.nextBytes(data);
            if (data.length > 0 && random.nextBoolean()) {
                data[0] = 1;
            }
            try {
                AvcConfiguration config = AvcConfiguration.parse(data, 0, data.length);
                AnnexB.fromAvcc(data, 0, data.length, config);
            } catch (FlvFormatException expected) {
                // the only outcome allowed besides success
            }
            try {
                FlvVideoTag.parse(data);
                FlvAudioTag.parse(data);
            } catch (FlvFormatException expected) {
                // idem
            }
            try {
                Av1Configuration.parse(data, 0, data.length).temporalUnit(data, 0, data.length, true);
            } catch (FlvFormatException expected) {
                // idem
            }
        }
    }

    @Test
    void videoTagsOfLegacyAndEnhancedRtmpAreRead() throws Exception {
        FlvVideoTag avc = FlvVideoTag.parse(new byte[] {0x17, 1, 0, 0, 0x28, 9});
        assertThat(avc).isEqualTo(new FlvVideoTag("avc", true, FlvVideoTag.Packet.FRAME, 40, 5, 1));
        FlvVideoTag header = FlvVideoTag.parse(new byte[] {0x17, 0, 0, 0, 0, 1, 2});
        assertThat(header.packet()).isEqualTo(FlvVideoTag.Packet.SEQUENCE_HEADER);
        FlvVideoTag negative = FlvVideoTag.parse(new byte[] {0x27, 1, (byte) 0xFF, (byte) 0xFF, (byte) 0xD8});
        assertThat(negative.compositionTime()).isEqualTo(-40);
        FlvVideoTag hevc = FlvVideoTag.parse(new byte[] {(byte) 0x91, 'h', 'v', 'c', '1', 0, 0, 0x14, 5});
        assertThat(hevc).isEqualTo(new FlvVideoTag("hvc1", true, FlvVideoTag.Packet.FRAME, 20, 8, 1));
        FlvAudioTag aac = FlvAudioTag.parse(new byte[] {(byte) 0xAF, 0, 0x12, 0x10});
        assertThat(aac).isEqualTo(new FlvAudioTag(10, true, 2, 2));
    }
}
