package dev.osprey.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CodecConfigTest {

    @Test
    void takesTheSpsAndPpsOfAnAnnexBAccessUnitAndLeavesTheRest() {
        byte[] unit = {0, 0, 0, 1, 0x09, (byte) 0xF0, // access unit delimiter
                0, 0, 0, 1, 0x67, 0x42, 0x00, 0x1E, // SPS
                0, 0, 1, 0x68, (byte) 0xCE, 0x38, (byte) 0x80, // PPS after a 3-byte start code
                0, 0, 0, 1, 0x65, (byte) 0x88, (byte) 0x84}; // IDR slice

        assertThat(CodecConfig.h264ParameterSets(unit, unit.length)).containsExactly(
                0, 0, 0, 1, 0x67, 0x42, 0x00, 0x1E,
                0, 0, 0, 1, 0x68, (byte) 0xCE, 0x38, (byte) 0x80);
    }

    @Test
    void anAccessUnitWithoutItsPpsHasNoParameterSets() {
        byte[] unit = {0, 0, 0, 1, 0x67, 0x42, 0x00, 0x1E, 0, 0, 0, 1, 0x65, (byte) 0x88};

        assertThat(CodecConfig.h264ParameterSets(unit, unit.length)).isNull();
    }

    @Test
    void findsTheAv1SequenceHeaderAfterTheTemporalDelimiter() {
        byte[] temporalUnit = {0x12, 0x00, // temporal delimiter, size 0
                0x0A, 0x03, 0x01, 0x02, 0x03, // sequence header, size 3
                0x32, 0x02, 0x55, 0x66}; // frame, size 2

        assertThat(CodecConfig.av1SequenceHeader(temporalUnit, temporalUnit.length))
                .containsExactly(0x0A, 0x03, 0x01, 0x02, 0x03);
    }

    @Test
    void aTruncatedAv1UnitHasNoSequenceHeader() {
        byte[] truncated = {0x0A, 0x05, 0x01, 0x02};

        assertThat(CodecConfig.av1SequenceHeader(truncated, truncated.length)).isNull();
    }

    @Test
    void theOpusHeaderSaysStereoAt48KilohertzWithoutPreSkip() {
        byte[] head = CodecConfig.opusHead(2);

        assertThat(new String(head, 0, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("OpusHead");
        assertThat(head).hasSize(19);
        assertThat(head[9]).isEqualTo((byte) 2);
        assertThat((head[10] & 0xFF) | (head[11] & 0xFF) << 8).isZero();
        assertThat((head[12] & 0xFF) | (head[13] & 0xFF) << 8 | (head[14] & 0xFF) << 16).isEqualTo(48_000);
    }
}
